package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"posportal/internal/config"
)

// failLogin posts a wrong password from peer with the given extra headers
// straight into the real handler, as a connection from peer would.
func failLogin(t *testing.T, p *testPortal, peer, email string, header map[string]string) int {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(fmt.Sprintf(`{"email":%q,"password":"wrong password 1"}`, email)))
	req.RemoteAddr = peer
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	p.srv.ServeHTTP(rec, req)
	return rec.Code
}

// lastFailureIP is the client address the throttle recorded last.
func lastFailureIP(t *testing.T, p *testPortal) string {
	t.Helper()
	var ip string
	if err := p.db.Get(context.Background(), &ip, `SELECT ip FROM login_failures ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return ip
}

// TestForgedForwardedForIsIgnored: without trusted proxies the client
// address is the TCP peer, so rotating X-Forwarded-For neither hides the
// attacker from the per-address throttle nor puts a false address in the
// record.
func TestForgedForwardedForIsIgnored(t *testing.T) {
	p := newTestPortal(t, nil)
	const peer = "203.0.113.9:40000"
	if code := failLogin(t, p, peer, "a@example.com", map[string]string{"X-Forwarded-For": "1.2.3.4", "X-Real-IP": "5.6.7.8"}); code != http.StatusUnauthorized {
		t.Fatalf("status %d", code)
	}
	if ip := lastFailureIP(t, p); ip != "203.0.113.9" {
		t.Fatalf("recorded client %q, want the TCP peer", ip)
	}
	limit := p.auth.Policy().MaxFailuresPerIP
	for i := 1; i < limit; i++ {
		failLogin(t, p, peer, fmt.Sprintf("u%d@example.com", i), map[string]string{"X-Forwarded-For": fmt.Sprintf("10.9.%d.%d", i/250, i%250)})
	}
	if code := failLogin(t, p, peer, "fresh@example.com", map[string]string{"X-Forwarded-For": "192.0.2.200"}); code != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from one peer with forged addresses: status %d, want 429", limit, code)
	}
}

// TestTrustedProxyForwardsClientAddress: behind a configured load balancer
// the client is the address the balancer appended; entries a client put in
// front are not believed, and peers outside the list are not proxies.
func TestTrustedProxyForwardsClientAddress(t *testing.T) {
	p := newTestPortal(t, nil, func(c *config.Config) { c.TrustedProxies = []string{"10.0.0.0/8", "fd00::/8"} })
	cases := []struct {
		name, peer string
		header     map[string]string
		want       string
	}{
		{"balancer", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "198.51.100.7"}, "198.51.100.7"},
		{"forged in front", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"two balancers", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "198.51.100.8, 10.4.4.4"}, "198.51.100.8"},
		{"ipv6 balancer", "[fd00::1]:5000", map[string]string{"X-Forwarded-For": "2001:db8::5"}, "2001:db8::5"},
		{"untrusted peer", "203.0.113.9:40000", map[string]string{"X-Forwarded-For": "198.51.100.7"}, "203.0.113.9"},
		{"x-real-ip", "10.1.2.3:5000", map[string]string{"X-Real-IP": "198.51.100.9"}, "10.1.2.3"},
		{"garbage", "10.1.2.3:5000", map[string]string{"X-Forwarded-For": "not-an-ip"}, "10.1.2.3"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := failLogin(t, p, tc.peer, fmt.Sprintf("c%d@example.com", i), tc.header); code != http.StatusUnauthorized {
				t.Fatalf("status %d", code)
			}
			if ip := lastFailureIP(t, p); ip != tc.want {
				t.Fatalf("recorded client %q, want %q", ip, tc.want)
			}
		})
	}
}
