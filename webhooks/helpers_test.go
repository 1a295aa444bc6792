package webhooks

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/jobs"
	"posportal/internal/secret"
)

// clock is a settable service clock, so retries come due without waiting.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	d     *db.DB
	box   *secret.Box
	clock *clock
	admin auth.User
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, box: box, clock: &clock{t: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}}
	f.admin = auth.User{Role: auth.Admin, Name: "管理员"}
	if err := d.Get(context.Background(), &f.admin.ID, `INSERT INTO users (email, name, role, password_hash, created_at)
		VALUES ('admin@bank.example', '管理员', 'admin', 'x', ?) RETURNING id`, f.clock.now()); err != nil {
		t.Fatal(err)
	}
	return f
}

// service is one portal instance's webhooks service on the fixture's
// database and clock, in development (loopback allowed) unless production.
func (f *fixture) service(production bool, backoff ...time.Duration) *Service {
	if backoff == nil {
		backoff = []time.Duration{time.Minute, 5 * time.Minute}
	}
	return NewService(f.d, f.box, Options{Production: production, Backoff: backoff, Now: f.clock.now}).
		WithWorker(jobs.NewWorker(time.Minute))
}

// emit writes one event in its own committed transaction.
func (f *fixture) emit(t *testing.T, typ Type, data any) {
	t.Helper()
	ctx := context.Background()
	if err := f.d.InTx(ctx, func(tx *db.Tx) error { return Emit(ctx, tx, f.clock.now(), typ, data) }); err != nil {
		t.Fatal(err)
	}
}

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a real HTTP server answering with answer(n) for the n-th
// request (from 0) and keeping every request.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []received
	next int
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		n := r.next
		r.next++
		r.got = append(r.got, received{header: req.Header.Clone(), body: b})
		r.mu.Unlock()
		w.WriteHeader(answer(n))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func always(code int) func(int) int { return func(int) int { return code } }
