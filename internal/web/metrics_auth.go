package web

import (
	"github.com/prometheus/client_golang/prometheus"

	"posportal/internal/auth"
)

// registerHashMetrics exposes the password-hashing slots: an operator sees
// logins being refused for lack of a slot (portal_password_hash_refused_total
// rising) before users complain, and whether the slots ever filled.
func registerHashMetrics(reg *prometheus.Registry, a *auth.Service) {
	stat := func(f func(auth.HashStats) float64) func() float64 {
		return func() float64 { return f(a.HashStats()) }
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_password_hash_slots", Help: "Password hashes allowed to run at once."},
			stat(func(h auth.HashStats) float64 { return float64(h.Slots) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_password_hashes_in_flight", Help: "Password hashes running now."},
			stat(func(h auth.HashStats) float64 { return float64(h.InFlight) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_password_hashes_waiting", Help: "Requests queued for a password-hashing slot."},
			stat(func(h auth.HashStats) float64 { return float64(h.Waiting) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_password_hashes_peak", Help: "Most password hashes ever running at once since start."},
			stat(func(h auth.HashStats) float64 { return float64(h.Peak) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portal_password_hash_jobs_total", Help: "Password verifications and hashes run."},
			stat(func(h auth.HashStats) float64 { return float64(h.Jobs) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portal_password_hash_refused_total", Help: "Logins and registrations answered 503 because no hashing slot came free in time."},
			stat(func(h auth.HashStats) float64 { return float64(h.Refused) })),
	)
}
