package webhooks

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"posportal/internal/db"
	"posportal/internal/jobs"
	"posportal/internal/secret"
)

// Timeout is how long one delivery waits for the receiver's answer (§14).
const Timeout = 10 * time.Second

// DefaultBackoff is §14's retry schedule: the waits after each failed
// attempt; after the last one the delivery is marked failed.
var DefaultBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// Options configure a Service; zero values mean §14's defaults.
type Options struct {
	// Production refuses http and loopback receivers.
	Production bool
	// Backoff is the wait after each failed attempt (PORTAL_WEBHOOK_BACKOFF).
	Backoff []time.Duration
	// Timeout cuts off one attempt.
	Timeout time.Duration
	// Now is the service's clock.
	Now func() time.Time
}

// Service manages endpoints and delivers their events.
type Service struct {
	db      *db.DB
	box     *secret.Box
	guard   Guard
	backoff []time.Duration
	timeout time.Duration
	now     func() time.Time
	worker  jobs.Worker
	client  *http.Client
	// attempts counts delivery attempts by outcome, for /metrics.
	attempts *prometheus.CounterVec
}

// NewService returns the webhooks service; box seals endpoint secrets.
func NewService(d *db.DB, box *secret.Box, o Options) *Service {
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	if o.Timeout <= 0 {
		o.Timeout = Timeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{db: d, box: box, guard: GuardFor(o.Production), backoff: o.Backoff, timeout: o.Timeout, now: o.Now,
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_webhook_attempts_total",
			Help: "Webhook delivery attempts by outcome: delivered, retry (failed, another try scheduled), failed (the last try failed).",
		}, []string{"outcome"})}
	return s.WithWorker(jobs.NewWorker(0))
}

// Collector is the service's metrics, for the portal's registry.
func (s *Service) Collector() prometheus.Collector { return s.attempts }

// WithWorker makes s claim deliveries as w (this instance, with the
// configured lease). An attempt is cut off at half the lease, so a live
// instance never has a delivery taken over while it is sending.
func (s *Service) WithWorker(w jobs.Worker) *Service {
	s.worker = w
	t := min(s.timeout, w.Lease/2)
	s.client = s.guard.Client(t)
	return s
}
