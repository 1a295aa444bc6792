package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// A fresh machine needs no font: the embedded one loads without a warning.
// A PORTAL_PDF_FONT that cannot be used stops start-up instead of being
// ignored.
func TestPDFFontIsEmbeddedUnlessOverridden(t *testing.T) {
	var errb bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, testEnv(t, "PORTAL_LOG_LEVEL", "info"), strings.NewReader(""), io.Discard, &errb); err != nil {
		t.Fatal(err)
	}
	log := errb.String()
	if !strings.Contains(log, "PDF font loaded") || !strings.Contains(log, "embedded Noto Sans SC") {
		t.Errorf("start-up log does not name the embedded font:\n%s", log)
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Level != "INFO" && strings.Contains(strings.ToLower(rec.Msg), "font") {
			t.Errorf("start-up warns about fonts: %s", line)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.ttf")
	err := run(context.Background(), []string{"migrate"}, testEnv(t, "PORTAL_PDF_FONT", missing), strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "PORTAL_PDF_FONT") {
		t.Fatalf("unusable PORTAL_PDF_FONT: %v", err)
	}
}
