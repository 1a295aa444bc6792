package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

var nextCases = []struct {
	next string
	ok   bool
}{
	{"/dashboard", true},
	{"/applications/12?step=documents#top", true},
	{"/catalog?q=%E7%BB%88%E7%AB%AF&page=2", true},
	{"", false},
	{"dashboard", false},
	{"https://evil.example/", false},
	{"javascript:alert(1)", false},
	{"//evil.example", false},
	{"///evil.example", false},
	{"/\\evil.example", false},
	{"/\t/evil.example", false}, // what next=/%09/evil.example arrives as
	{"/\n/evil.example", false},
	{"/\r\n/evil.example", false},
	{" //evil.example", false},
	{"/ /evil.example", false},
	{"/%09/evil.example", false},
	{"/%2F/evil.example", false},
	{"/%2f%2fevil.example", false},
	{"/%5C/evil.example", false},
	{"/%5cevil.example", false},
	{"/%252F/evil.example", false},
	{"/%0a/evil.example", false},
	{"/%", false},
	{"/%zz", false},
	{"/\x00/evil.example", false},
	{"/\u00a0/evil.example", false},
	{"/\u3000/evil.example", false},
	{"/\uff0f\uff0fevil.example", false},
	{"/@evil.example", true}, // a path on this site, not userinfo
}

func TestSafeNext(t *testing.T) {
	for _, tc := range nextCases {
		got := safeNext(tc.next, "/dashboard")
		if want := map[bool]string{true: tc.next, false: "/dashboard"}[tc.ok]; got != want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, want)
		}
	}
}

// browserResolve resolves a Location value the way a browser's URL parser
// repairs it first (WHATWG URL: leading and trailing C0 controls and
// spaces trimmed, tabs and newlines removed, '\' read as '/').
func browserResolve(loc string) (*url.URL, error) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse("https://portal.example/login")
	return base.ResolveReference(ref), nil
}

func FuzzSafeNext(f *testing.F) {
	for _, tc := range nextCases {
		f.Add(tc.next)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next, "/dashboard")
		if got != next && got != "/dashboard" {
			t.Fatalf("safeNext(%q) = %q: neither the input nor the fallback", next, got)
		}
		for _, resolve := range []func(string) (*url.URL, error){
			func(s string) (*url.URL, error) {
				base, _ := url.Parse("https://portal.example/login")
				return base.Parse(s)
			},
			browserResolve,
		} {
			u, err := resolve(got)
			if err != nil {
				t.Fatalf("safeNext(%q) = %q, which does not parse: %v", next, got, err)
			}
			if u.Host != "portal.example" || u.Scheme != "https" || u.User != nil {
				t.Fatalf("safeNext(%q) = %q leaves the site: %s", next, got, u)
			}
		}
	})
}

// The login form sends the user on only to a path of this site: the
// tab-smuggled `next=/%09/evil.example` (which browsers read as
// //evil.example) ends on the dashboard instead.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	p := newTestPortal(t, nil)
	p.register(t, "shop@example.com", "correct horse 1")
	for _, tc := range []struct{ next, want string }{
		{"/\t/evil.example", "/dashboard"},
		{"/\\evil.example", "/dashboard"},
		{"/%2F%2Fevil.example", "/dashboard"},
		{"//evil.example", "/dashboard"},
		{"/applications?x=1", "/applications?x=1"},
	} {
		c := p.client(t).browser()
		// The login page carries next into its form only when it is safe.
		page := c.get("/login?next="+url.QueryEscape(tc.next)).wantStatus(t, http.StatusOK)
		if tc.want == "/dashboard" && strings.Contains(page.body, "evil.example") {
			t.Errorf("login page for next=%q carries it on", tc.next)
		}
		res := c.postForm("/login", url.Values{"email": {"shop@example.com"}, "password": {"correct horse 1"}, "next": {tc.next}}).
			wantStatus(t, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != tc.want {
			t.Errorf("next=%q: Location %q, want %q", tc.next, loc, tc.want)
		}
	}
	// Signed in, the login page redirects at once: the same check applies.
	c := p.client(t).browser()
	c.postForm("/login", url.Values{"email": {"shop@example.com"}, "password": {"correct horse 1"}}).wantStatus(t, http.StatusSeeOther)
	if loc := c.get("/login?next=%2F%09%2Fevil.example").wantStatus(t, http.StatusSeeOther).Header.Get("Location"); loc != "/dashboard" {
		t.Errorf("signed-in login page redirected to %q", loc)
	}
}
