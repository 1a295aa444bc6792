package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"testing"

	"posportal/internal/auth"
)

// clientFrom is a client whose connections leave from ip (any 127.0.0.0/8
// address works on loopback), so the server's c.ClientIP() sees distinct
// clients, as an attacker spread over many addresses would look.
func (p *testPortal) clientFrom(t testing.TB, ip string) *client {
	c := p.client(t)
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.http = &http.Client{
		Jar:           jar,
		Transport:     &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true},
		CheckRedirect: c.http.CheckRedirect,
	}
	return c
}

// withPolicy replaces the portal's accounts service by one with the
// changed policy on the same database, before any request is made.
func (p *testPortal) withPolicy(t testing.TB, edit func(*auth.Policy)) {
	t.Helper()
	pol := p.auth.Policy()
	edit(&pol)
	a, err := auth.NewService(p.db, pol, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.auth, p.srv.Auth = a, a
}

// together runs fn(i) for i in [0, n) in n goroutines released at once by
// a barrier, and waits for all of them.
func together(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// countStatus tallies statuses reported by concurrent requests.
type countStatus struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *countStatus) add(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[int]int{}
	}
	c.n[status]++
}

func (p *testPortal) register(t testing.TB, email, password string) {
	t.Helper()
	_, err := p.auth.CreateUser(context.Background(), nil, auth.NewUser{Email: email, Password: password, Name: "店主", Phone: "13812345678", Role: auth.Merchant}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
}

// try is do for goroutines other than the test's: it reports failures
// instead of stopping the test.
func (c *client) try(method, path string, v any) (response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return response{}, err
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, bytes.NewReader(b))
	if err != nil {
		return response{}, err
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return response{Response: res, body: string(body)}, err
}
