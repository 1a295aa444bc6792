package config

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

// DefaultWebhookBackoff is §14's retry schedule for webhook deliveries.
const DefaultWebhookBackoff = "1m,5m,30m,2h,6h,12h,24h"

// Webhooks holds the webhook delivery settings (§14).
type Webhooks struct {
	// WebhookBackoff is the wait after each failed delivery attempt; after
	// the last one the delivery is marked failed.
	WebhookBackoff []time.Duration
}

// webhookFlags registers the webhook settings on fs and returns the step
// that checks them after parsing.
func webhookFlags(fs *flag.FlagSet, env func(string) string, w *Webhooks) func() error {
	backoff := env("PORTAL_WEBHOOK_BACKOFF")
	if backoff == "" {
		backoff = DefaultWebhookBackoff
	}
	fs.StringVar(&backoff, "webhook-backoff", backoff, "comma-separated waits between webhook delivery attempts (PORTAL_WEBHOOK_BACKOFF)")
	return func() (err error) {
		w.WebhookBackoff, err = ParseBackoff(backoff)
		return err
	}
}

// ParseBackoff reads a schedule such as "1m,5m,30m": positive durations,
// each at least the one before it.
func ParseBackoff(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(p))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("webhook-backoff: want positive durations such as 1m,5m,30m, got %q", s)
		}
		if len(out) > 0 && d < out[len(out)-1] {
			return nil, fmt.Errorf("webhook-backoff: waits must not shrink, got %q", s)
		}
		out = append(out, d)
	}
	return out, nil
}
