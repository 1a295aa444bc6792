package auth

import (
	"context"
	"sync"
	"time"

	"posportal/internal/apperr"
)

// hashSlots bounds how many argon2id computations run at once. Each one
// holds HashParams.Memory for its duration, so without a bound N
// concurrent logins need N times that (64 of them took 4 GB). A request
// that finds every slot taken queues; one that gets no slot within the
// policy's wait is refused with 503, so memory stays at slots × Memory and
// every answer comes within the wait plus one hash.
//
// Two queues, each first come first served: logins from an address the
// account signed in from before go first. A burst from addresses the
// account has never used (an attacker's) then delays its owner by at most
// the hashes already running, instead of by the whole burst.
type hashSlots struct {
	mu       sync.Mutex
	size     int
	free     int
	known    []*slotWaiter
	others   []*slotWaiter
	inFlight int
	peak     int
	jobs     uint64
	refused  uint64
}

type slotWaiter struct {
	ready   chan struct{}
	granted bool // set under hashSlots.mu when a releasing job hands its slot over
}

func newHashSlots(n int) *hashSlots {
	n = max(n, 1)
	return &hashSlots{size: n, free: n}
}

// errHashBusy tells the client to come back in a moment; the hashing slots
// are all taken. It is not a failed attempt and does not count as one.
var errHashBusy = &apperr.Error{Code: apperr.Unavailable, Key: "error.auth_busy", RetryAfter: 2 * time.Second}

// run waits up to wait for a slot and runs fn in it; known puts the
// request in the first queue.
func (h *hashSlots) run(ctx context.Context, wait time.Duration, known bool, fn func() error) error {
	if err := h.acquire(ctx, wait, known); err != nil {
		return err
	}
	defer h.release()
	return fn()
}

func (h *hashSlots) acquire(ctx context.Context, wait time.Duration, known bool) error {
	h.mu.Lock()
	// A free slot means nobody is queued: release hands slots to waiters.
	if h.free > 0 {
		h.free--
		h.start()
		h.mu.Unlock()
		return nil
	}
	if wait <= 0 {
		h.refused++
		h.mu.Unlock()
		return errHashBusy
	}
	w := &slotWaiter{ready: make(chan struct{})}
	queue := &h.others
	if known {
		queue = &h.known
	}
	*queue = append(*queue, w)
	h.mu.Unlock()

	t := time.NewTimer(wait)
	defer t.Stop()
	var err error
	select {
	case <-w.ready:
		return nil
	case <-t.C:
		err = errHashBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if w.granted { // handed a slot just as the wait ended: use it
		return nil
	}
	for i, q := range *queue {
		if q == w {
			*queue = append((*queue)[:i], (*queue)[i+1:]...)
			break
		}
	}
	if err == errHashBusy {
		h.refused++
	}
	return err
}

func (h *hashSlots) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.inFlight--
	for _, queue := range []*[]*slotWaiter{&h.known, &h.others} {
		if len(*queue) > 0 {
			w := (*queue)[0]
			*queue = (*queue)[1:]
			w.granted = true
			h.start()
			close(w.ready)
			return
		}
	}
	h.free++
}

// start counts a job taking a slot; h.mu is held.
func (h *hashSlots) start() {
	h.inFlight++
	h.peak = max(h.peak, h.inFlight)
	h.jobs++
}

// HashStats describes the password-hashing slots, for metrics and for the
// tests that prove the bound holds.
type HashStats struct {
	Slots    int    // how many hashes may run at once
	InFlight int    // running now
	Waiting  int    // queued for a slot
	Peak     int    // most ever running at once since start
	Jobs     uint64 // slot uses (a login's verification, a registration's hash)
	Refused  uint64 // requests answered 503 because no slot came free in time
}

// HashStats returns the hashing slots' current figures.
func (s *Service) HashStats() HashStats {
	h := s.slots
	h.mu.Lock()
	defer h.mu.Unlock()
	return HashStats{Slots: h.size, InFlight: h.inFlight, Waiting: len(h.known) + len(h.others), Peak: h.peak, Jobs: h.jobs, Refused: h.refused}
}
