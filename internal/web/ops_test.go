package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestHealthAndMetrics(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	c.get("/healthz").wantStatus(t, http.StatusOK)
	c.get("/").wantStatus(t, http.StatusOK)
	c.get("/nope").wantStatus(t, http.StatusNotFound)
	c.json("POST", "/api/v1/session", map[string]string{"email": "x@example.com", "password": "wrong password"}).wantStatus(t, http.StatusUnauthorized)
	c.get("/metrics").wantStatus(t, http.StatusNotFound) // served on its own listener only
	ms := httptest.NewServer(p.srv.MetricsHandler())
	defer ms.Close()
	m := (&client{t: t, base: ms.URL, header: http.Header{}, http: ms.Client()}).get("/metrics").wantStatus(t, http.StatusOK)
	wantBody(t, m,
		`portal_http_requests_total{method="GET",route="/",status="200"} 1`,
		`portal_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		`portal_http_request_duration_seconds_bucket{method="GET",route="/",le=`,
		`portal_logins_total{result="failure"} 1`,
	)
}

// proxy is a TCP forwarder the test can cut and restore, standing in for a
// database that goes away and comes back.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, up: true}
	t.Cleanup(func() { ln.Close(); p.set(false) })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if !p.up {
			p.mu.Unlock()
			in.Close()
			continue
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			in.Close()
			continue
		}
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { io.Copy(out, in); out.Close() }()
		go func() { io.Copy(in, out); in.Close() }()
	}
}

func (p *proxy) set(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	// A fresh schema, reached through the cuttable proxy.
	u, _ := url.Parse(dbtest.PostgresURL(t)) // skips (or fails under CI) without PostgreSQL
	px := newProxy(t, u.Host)
	viaProxy := *u
	viaProxy.Host = px.ln.Addr().String()
	q := viaProxy.Query()
	q.Set("connect_timeout", "2")
	viaProxy.RawQuery = q.Encode()

	ctx := context.Background()
	d, err := db.Open(ctx, viaProxy.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := newTestPortal(t, d)
	c := p.client(t)

	c.get("/readyz").wantStatus(t, http.StatusOK)
	px.set(false)
	res := c.get("/readyz").wantStatus(t, http.StatusServiceUnavailable)
	wantBody(t, res, `"unavailable"`)
	// A request needing the database says 503 too, not a bare 500.
	c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusServiceUnavailable)

	px.set(true)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.get("/readyz")
		if r.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d after the database returned: %s", r.StatusCode, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(c.get("/readyz").body, "postgres") {
		t.Fatal("readyz does not name the database")
	}
	// Nothing was lost or half-written while it was away.
	c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	c.get("/api/v1/me").wantStatus(t, http.StatusOK)
}
