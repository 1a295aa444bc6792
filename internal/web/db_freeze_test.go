package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// freezer forwards TCP to a target and can stop passing bytes while every
// connection stays open: a database that hangs rather than goes away, the
// case TCP alone never detects.
type freezer struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	thawed *sync.Cond
	frozen bool
	conns  []net.Conn
}

func newFreezer(t *testing.T, target string) *freezer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &freezer{ln: ln, target: target}
	f.thawed = sync.NewCond(&f.mu)
	t.Cleanup(func() {
		ln.Close()
		f.set(false)
		f.mu.Lock()
		for _, c := range f.conns {
			c.Close()
		}
		f.mu.Unlock()
	})
	go f.serve()
	return f
}

func (f *freezer) addr() string { return f.ln.Addr().String() }

func (f *freezer) serve() {
	for {
		in, err := f.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", f.target)
		if err != nil {
			in.Close()
			continue
		}
		f.mu.Lock()
		f.conns = append(f.conns, in, out)
		f.mu.Unlock()
		go f.pipe(out, in)
		go f.pipe(in, out)
	}
}

// pipe copies src to dst, holding every chunk while frozen.
func (f *freezer) pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		f.mu.Lock()
		for f.frozen {
			f.thawed.Wait()
		}
		f.mu.Unlock()
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (f *freezer) set(frozen bool) {
	f.mu.Lock()
	f.frozen = frozen
	f.mu.Unlock()
	f.thawed.Broadcast()
}

// frozenPortal is a portal on PostgreSQL reached through a freezer, with
// database deadlines of a few seconds so the test runs quickly.
func frozenPortal(t *testing.T) (*testPortal, *freezer) {
	t.Helper()
	u, _ := url.Parse(dbtest.PostgresURL(t)) // skips (or fails under CI) without PostgreSQL
	fz := newFreezer(t, u.Host)
	via := *u
	via.Host = fz.addr()
	lim := db.DefaultLimits()
	lim.ConnectTimeout, lim.CallTimeout, lim.TxTimeout = 2*time.Second, 2*time.Second, 3*time.Second
	ctx := context.Background()
	d, err := db.OpenWith(ctx, via.String(), lim)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return newTestPortal(t, d), fz
}

// With the database path frozen — connections open, no bytes — health,
// pages and login must still answer, with 503, and recover on their own.
func TestFrozenDatabaseAnswers503AndRecovers(t *testing.T) {
	p, fz := frozenPortal(t)
	c := p.client(t)
	c.http.Timeout = 60 * time.Second // a hang fails the test instead of stalling it
	c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	c.get("/dashboard").wantStatus(t, http.StatusOK)
	anon := p.client(t) // a load balancer's probe, without a session
	anon.http.Timeout = 60 * time.Second
	anon.get("/readyz").wantStatus(t, http.StatusOK)

	fz.set(true)
	wantBody(t, anon.get("/readyz").wantStatus(t, http.StatusServiceUnavailable), `"unavailable"`)
	res := c.get("/dashboard").wantStatus(t, http.StatusServiceUnavailable)
	if res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	e := anon.json("POST", "/api/v1/session", map[string]string{"email": newMerchant["email"], "password": newMerchant["password"]}).
		wantStatus(t, http.StatusServiceUnavailable).apiError(t)
	if e.Error.Code != "unavailable" {
		t.Errorf("login while frozen: code %q", e.Error.Code)
	}

	fz.set(false)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if anon.get("/readyz").StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover after the database thawed")
		}
	}
	c.get("/dashboard").wantStatus(t, http.StatusOK)
	anon.json("POST", "/api/v1/session", map[string]string{"email": newMerchant["email"], "password": newMerchant["password"]}).
		wantStatus(t, http.StatusOK)
}
