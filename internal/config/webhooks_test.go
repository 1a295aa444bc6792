package config

import (
	"io"
	"slices"
	"testing"
	"time"
)

func TestWebhookBackoff(t *testing.T) {
	c, err := Parse("serve", nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	if !slices.Equal(c.WebhookBackoff, want) {
		t.Fatalf("default backoff %v", c.WebhookBackoff)
	}
	c, err = Parse("serve", nil, envOf(map[string]string{"PORTAL_WEBHOOK_BACKOFF": "10s, 1m"}), io.Discard)
	if err != nil || !slices.Equal(c.WebhookBackoff, []time.Duration{10 * time.Second, time.Minute}) {
		t.Fatalf("env backoff %v, %v", c.WebhookBackoff, err)
	}
	for _, bad := range []string{"soon", "1m,,5m", "0s", "-1m", "5m,1m"} {
		if _, err := Parse("serve", []string{"--webhook-backoff", bad}, envOf(nil), io.Discard); err == nil {
			t.Errorf("backoff %q accepted", bad)
		}
	}
}
