package auth

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

var cheap = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

func testService(t *testing.T, d *db.DB, edit func(*Policy)) *Service {
	t.Helper()
	p := DefaultPolicy()
	p.HashParams = cheap
	if edit != nil {
		edit(&p)
	}
	s, err := NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// With every slot taken and no time to wait, a login is answered 503 with
// a Retry-After, and its reserved attempt is given back: being told to
// retry must not eat into the user's five guesses.
func TestHashSlotsRefuseWhenFull(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := testService(t, d, func(p *Policy) { p.HashSlots, p.HashWait = 1, 0 })
		ctx := context.Background()
		r := Request{IP: "203.0.113.7"}
		if _, err := s.CreateUser(ctx, nil, NewUser{Email: "m@example.com", Password: "correct horse 1", Name: "M", Role: Reviewer}, r); err != nil {
			t.Fatal(err)
		}
		held, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- s.slots.run(ctx, 0, false, func() error { close(held); <-release; return nil })
		}()
		<-held

		_, _, err := s.Login(ctx, "m@example.com", "correct horse 1", "", r)
		e := apperr.As(err)
		if e == nil || e.Code != apperr.Unavailable || e.RetryAfter <= 0 {
			t.Fatalf("login with no free slot = %v, want 503 with Retry-After", err)
		}
		var rows int
		if err := d.Get(ctx, &rows, `SELECT COUNT(*) FROM login_failures`); err != nil || rows != 0 {
			t.Fatalf("attempt rows after a refusal = %d (%v), want 0", rows, err)
		}
		if _, _, err := s.Register(ctx, NewUser{Email: "new@example.com", Password: "correct horse 1", Name: "N", Phone: "13812345678"}, r); apperr.CodeOf(err) != apperr.Unavailable {
			t.Fatalf("registration with no free slot = %v, want 503", err)
		}
		if st := s.HashStats(); st.Refused != 2 || st.InFlight != 1 || st.Slots != 1 {
			t.Fatalf("stats while held = %+v", st)
		}

		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Login(ctx, "m@example.com", "correct horse 1", "", r); err != nil {
			t.Fatalf("login once the slot is free: %v", err)
		}
	})
}

// However many logins arrive at once, no more hashes run than there are
// slots; the rest wait their turn (the wait here is long enough for all).
func TestHashSlotsBoundConcurrentLogins(t *testing.T) {
	s := testService(t, dbtest.SQLite(t), func(p *Policy) { p.HashSlots, p.HashParams.Memory = 2, 4*1024 })
	const n = 40
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _, err := s.Login(context.Background(), fmt.Sprintf("ghost%d@example.com", i), "wrong password", "", Request{IP: fmt.Sprintf("198.51.100.%d", i)})
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("login = %v, want 401", err)
		}
	}
	st := s.HashStats()
	if st.Peak > 2 || st.Peak < 1 || st.Jobs != n || st.InFlight != 0 {
		t.Fatalf("stats = %+v, want peak ≤ 2 slots, %d jobs (unknown e-mails are hashed too)", st, n)
	}
}

// A hash made under older parameters still verifies, and the successful
// login stores it again under the current ones.
func TestLoginRehashesOldParameters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		old := testService(t, d, nil)
		u, err := old.CreateUser(ctx, nil, NewUser{Email: "m@example.com", Password: "correct horse 1", Name: "M", Role: Reviewer}, Request{})
		if err != nil {
			t.Fatal(err)
		}
		current := testService(t, d, func(p *Policy) {
			p.HashParams = argon2id.Params{Memory: 2048, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
		})
		if _, _, err := current.Login(ctx, "m@example.com", "correct horse 1", "", Request{IP: "203.0.113.7"}); err != nil {
			t.Fatalf("login with an old-parameter hash: %v", err)
		}
		got, err := current.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, _, _, err := argon2id.DecodeHash(got.PasswordHash)
		if err != nil || p.Memory != 2048 || p.Iterations != 2 || got.PasswordHash == u.PasswordHash {
			t.Fatalf("stored hash %q not upgraded (params %+v, %v)", got.PasswordHash, p, err)
		}
		if _, _, err := current.Login(ctx, "m@example.com", "correct horse 1", "", Request{IP: "203.0.113.7"}); err != nil {
			t.Fatalf("login with the upgraded hash: %v", err)
		}
		if _, _, err := current.Login(ctx, "m@example.com", "wrong password", "", Request{IP: "203.0.113.7"}); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("wrong password after rehash = %v", err)
		}
	})
}

func TestOWASPDefaults(t *testing.T) {
	p := DefaultHashParams
	if p.Memory < 19*1024 || p.Iterations < 2 || p.Parallelism != 1 || p.SaltLength < 16 || p.KeyLength < 32 {
		t.Fatalf("DefaultHashParams %+v are below OWASP's argon2id minimum (19 MiB, t=2, p=1)", p)
	}
}

// A login from an address the account knows is served before the queue of
// strangers that arrived earlier.
func TestHashSlotsServeKnownAddressesFirst(t *testing.T) {
	h := newHashSlots(1)
	ctx := context.Background()
	held, release := make(chan struct{}), make(chan struct{})
	go h.run(ctx, time.Minute, false, func() error { close(held); <-release; return nil })
	<-held
	order := make(chan string, 3)
	waiting := func(n int) {
		for {
			h.mu.Lock()
			q := len(h.known) + len(h.others)
			h.mu.Unlock()
			if q == n {
				return
			}
			runtime.Gosched()
		}
	}
	var wg sync.WaitGroup
	enqueue := func(name string, known bool) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.run(ctx, time.Minute, known, func() error { order <- name; return nil }); err != nil {
				t.Error(err)
			}
		}()
	}
	enqueue("stranger 1", false)
	waiting(1)
	enqueue("stranger 2", false)
	waiting(2)
	enqueue("owner", true)
	waiting(3)
	close(release)
	wg.Wait()
	close(order)
	var got []string
	for name := range order {
		got = append(got, name)
	}
	if fmt.Sprint(got) != "[owner stranger 1 stranger 2]" {
		t.Fatalf("served in order %v", got)
	}
	if h.inFlight != 0 || h.free != 1 || h.peak != 1 {
		t.Fatalf("after: in flight %d, free %d, peak %d", h.inFlight, h.free, h.peak)
	}
}

// A waiter whose wait ends is refused and leaves the queue; the slot's
// next release does not hand it to a departed waiter.
func TestHashSlotsWaitEnds(t *testing.T) {
	h := newHashSlots(1)
	ctx := context.Background()
	held, release := make(chan struct{}), make(chan struct{})
	go h.run(ctx, 0, false, func() error { close(held); <-release; return nil })
	<-held
	if err := h.run(ctx, time.Millisecond, false, func() error { return nil }); err != errHashBusy {
		t.Fatalf("timed-out wait = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := h.run(cctx, time.Minute, true, func() error { return nil }); err != context.Canceled {
		t.Fatalf("cancelled wait = %v", err)
	}
	close(release)
	for {
		h.mu.Lock()
		free := h.free
		h.mu.Unlock()
		if free == 1 {
			break
		}
		runtime.Gosched()
	}
	if len(h.known)+len(h.others) != 0 || h.refused != 1 {
		t.Fatalf("queue %d/%d, refused %d", len(h.known), len(h.others), h.refused)
	}
}
