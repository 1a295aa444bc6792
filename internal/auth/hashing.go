package auth

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"posportal/internal/apperr"
)

// hashSlots bounds how many argon2id computations run at once. Each one
// holds HashParams.Memory for its duration, so without a bound N
// concurrent logins need N times that (64 of them took 4 GB). Waiters are
// served in arrival order (Go queues channel senders FIFO); one that
// cannot get a slot within the policy's wait is refused with 503, so
// memory stays at slots × Memory and every answer comes within the wait
// plus one hash.
type hashSlots struct {
	sem chan struct{}

	mu       sync.Mutex
	inFlight int
	peak     int

	jobs    atomic.Uint64
	refused atomic.Uint64
}

func newHashSlots(n int) *hashSlots { return &hashSlots{sem: make(chan struct{}, max(n, 1))} }

// errHashBusy tells the client to come back in a moment; the hashing slots
// are all taken. It is not a failed attempt and does not count as one.
var errHashBusy = &apperr.Error{Code: apperr.Unavailable, Key: "error.auth_busy", RetryAfter: 2 * time.Second}

// run waits up to wait for a slot and runs fn in it.
func (h *hashSlots) run(ctx context.Context, wait time.Duration, fn func() error) error {
	select {
	case h.sem <- struct{}{}:
	default:
		if wait <= 0 {
			h.refused.Add(1)
			return errHashBusy
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case h.sem <- struct{}{}:
		case <-t.C:
			h.refused.Add(1)
			return errHashBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	h.mu.Lock()
	h.inFlight++
	h.peak = max(h.peak, h.inFlight)
	h.mu.Unlock()
	h.jobs.Add(1)
	defer func() {
		h.mu.Lock()
		h.inFlight--
		h.mu.Unlock()
		<-h.sem
	}()
	return fn()
}

// HashStats describes the password-hashing slots, for metrics and for the
// tests that prove the bound holds.
type HashStats struct {
	Slots    int    // how many hashes may run at once
	InFlight int    // running now
	Peak     int    // most ever running at once since start
	Jobs     uint64 // slot uses (a login's verification, a registration's hash)
	Refused  uint64 // requests answered 503 because no slot came free in time
}

// HashStats returns the hashing slots' current figures.
func (s *Service) HashStats() HashStats {
	h := s.slots
	h.mu.Lock()
	defer h.mu.Unlock()
	return HashStats{Slots: cap(h.sem), InFlight: h.inFlight, Peak: h.peak, Jobs: h.jobs.Load(), Refused: h.refused.Load()}
}
