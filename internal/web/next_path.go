package web

import (
	"net/url"
	"strings"
)

// safeNext returns next when it is a path on this site, else fallback (the
// role's home). Browsers "repair" what they are given before resolving
// it: they drop tabs and newlines anywhere, trim control characters and
// spaces, and read a backslash as a slash, so `/\t/evil.example` and
// `/\evil.example` both become `//evil.example`, another host. Rather than
// imitate that repair, safeNext accepts only what needs none: printable
// ASCII URI characters, a single leading slash, no backslash, and no
// encoded slash, backslash or control character that a later decoding
// could turn into one.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") {
		return fallback
	}
	for i := 0; i < len(next); i++ {
		if !uriChar(next[i]) {
			return fallback
		}
		if next[i] == '%' && !harmlessEscape(next[i+1:]) {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return next
}

// harmlessEscape reports whether the escape after a '%' is two hex digits
// that decode to neither a slash nor a backslash (which a decoding
// downstream would turn into `//` or `/\`), nor a '%' (an escape hiding
// another), nor a control character or space (which browsers strip).
func harmlessEscape(rest string) bool {
	if len(rest) < 2 {
		return false
	}
	b, err := url.PathUnescape("%" + rest[:2])
	if err != nil {
		return false
	}
	c := b[0]
	return c > ' ' && c != 0x7f && c != '/' && c != '\\' && c != '%'
}

// uriChar reports whether b may appear in a URI (RFC 3986 unreserved,
// reserved and '%'), without backslash, space, quotes or controls.
func uriChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", b) >= 0
}
