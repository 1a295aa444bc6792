package main

import (
	"context"
	"time"

	"posportal/webhooks"
)

// webhookPoll is how often an instance looks for due webhook deliveries:
// integrators expect events within seconds, and the due-deliveries query
// is one index scan.
const webhookPoll = 5 * time.Second

// webhooksService builds webhook endpoint management and delivery, with
// secrets sealed by the data key and claims made as this instance.
func (a *app) webhooksService() *webhooks.Service {
	return webhooks.NewService(a.db, a.box, webhooks.Options{Production: a.cfg.Production(), Backoff: a.cfg.WebhookBackoff}).
		WithWorker(a.worker)
}

// startWebhooks delivers due webhooks in the background on every
// instance, sharing the work through claims; the returned stop ends the
// loop and waits, so shutdown records the attempt in flight.
func (a *app) startWebhooks(s *webhooks.Service) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx, min(webhookPoll, a.cfg.JobPoll), a.log)
	}()
	return func() { cancel(); <-done }
}
