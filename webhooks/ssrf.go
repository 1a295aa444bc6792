package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Guard decides which URLs the portal may POST to, so an admin (or a
// stolen admin session) cannot aim deliveries at the portal's own network:
// its database, cloud metadata, internal admin consoles (SSRF).
type Guard struct {
	// AllowLoopback also admits http:// and loopback addresses, for a
	// receiver on the developer's own machine.
	AllowLoopback bool
}

// GuardFor returns production's guard — https to public addresses only —
// or development's, which adds loopback over http.
func GuardFor(production bool) Guard { return Guard{AllowLoopback: !production} }

// ErrRefusedAddress is the dial-time refusal: the name resolved to an
// address deliveries may not reach.
var ErrRefusedAddress = errors.New("webhooks: address not allowed")

// nonPublic are the ranges netip's predicates do not name but that are not
// the public internet either.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: would reach any IPv4, private ones too
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4 embeds any IPv4
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
}

// Allowed reports whether a delivery may connect to ip.
func (g Guard) Allowed(ip netip.Addr) bool {
	ip = ip.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if ip.IsLoopback() {
		return g.AllowLoopback
	}
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// CheckURL refuses a URL deliveries may not be sent to: another scheme
// than https (http too in development), credentials or a fragment in it,
// or a host that resolves to any address Allowed refuses. The address is
// checked again on every connection (Client), because DNS may answer
// differently later.
func (g Guard) CheckURL(ctx context.Context, raw string) (reason string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "webhooks.url.invalid"
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && g.AllowLoopback:
	default:
		return "webhooks.url.https_required"
	}
	if u.User != nil || u.Fragment != "" || len(raw) > 2048 {
		return "webhooks.url.invalid"
	}
	host := u.Hostname()
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		ips, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
		if err != nil || len(ips) == 0 {
			return "webhooks.url.unresolvable"
		}
		addrs = ips
	}
	for _, ip := range addrs {
		if !g.Allowed(ip) {
			return "webhooks.url.private"
		}
	}
	if u.Scheme == "http" && !allLoopback(addrs) {
		// Development's plain http is for a receiver on this machine;
		// anything farther needs https like production.
		return "webhooks.url.https_required"
	}
	return ""
}

func allLoopback(addrs []netip.Addr) bool {
	for _, ip := range addrs {
		if !ip.Unmap().IsLoopback() {
			return false
		}
	}
	return true
}

// control runs on every connection after DNS and before connect, so a name
// that resolved to a public address when the endpoint was saved but to a
// private one now (DNS rebinding) is refused here.
func (g Guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrRefusedAddress, address)
	}
	if !g.Allowed(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrRefusedAddress, ap.Addr())
	}
	return nil
}

// Client returns the HTTP client deliveries use: each request cut off at
// timeout, no proxy from the environment (the guard must see the real
// destination), no redirects followed (a 3xx is a failed attempt, not a
// way around the guard), and the guard checked at dial time.
func (g Guard) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
