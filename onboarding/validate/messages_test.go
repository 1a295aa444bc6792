package validate

import (
	"fmt"
	"strings"
	"testing"
)

// TestMessagesComplete proves the web layer can translate every key in both
// languages, and that no message is left behind for a key that is gone.
func TestMessagesComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, e := range allErrors {
		if keys[e.Key] {
			t.Errorf("duplicate key %q", e.Key)
		}
		keys[e.Key] = true
	}
	for _, lang := range []string{"en", "zh-CN"} {
		msgs, ok := Messages[lang]
		if !ok {
			t.Fatalf("no %s messages", lang)
		}
		for key := range keys {
			if strings.TrimSpace(msgs[key]) == "" {
				t.Errorf("%s: no message for %q", lang, key)
			}
		}
		for key := range msgs {
			if !keys[key] {
				t.Errorf("%s: message for unknown key %q", lang, key)
			}
		}
	}
	if len(Messages) != 2 {
		t.Errorf("Messages has %d languages, this test checks 2", len(Messages))
	}
}

func TestMessageKey(t *testing.T) {
	if got := MessageKey(ErrUSCCChecksum); got != "uscc.checksum" {
		t.Errorf("MessageKey = %q", got)
	}
	wrapped := fmt.Errorf("legal_rep_id_number: %w", ErrResidentIDUnder18)
	if got := MessageKey(wrapped); got != "resident_id.under_18" {
		t.Errorf("MessageKey(wrapped) = %q", got)
	}
	if got := MessageKey(nil); got != "" {
		t.Errorf("MessageKey(nil) = %q", got)
	}
	if got := ErrMobileFormat.Error(); got != "validate: mobile.format" {
		t.Errorf("Error() = %q", got)
	}
}
