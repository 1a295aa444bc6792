// Package apitoken owns service tokens (SPEC §14): server-to-server
// credentials an admin creates for the bank's own systems. A token is
// shown once, stored as a SHA-256 hash, acts for the admin who created it
// narrowed to its scopes, records when it was last used, can be revoked,
// and failed authentications are throttled per client address.
package apitoken

import (
	"slices"
	"strings"
)

// Scope names one kind of access a token may be given (SPEC §14).
type Scope string

// The scopes, fixed by SPEC §14.
const (
	ApplicationsRead  Scope = "applications:read"
	ApplicationsWrite Scope = "applications:write"
	CatalogRead       Scope = "catalog:read"
	CatalogWrite      Scope = "catalog:write"
	DevicesCheckIn    Scope = "devices:checkin"
	TicketsRead       Scope = "tickets:read"
	TicketsWrite      Scope = "tickets:write"
	WebhooksManage    Scope = "webhooks:manage"
	InsightsRead      Scope = "insights:read"
)

// Scopes lists every scope in the order forms and lists show them.
var Scopes = []Scope{ApplicationsRead, ApplicationsWrite, CatalogRead, CatalogWrite, DevicesCheckIn,
	TicketsRead, TicketsWrite, WebhooksManage, InsightsRead}

// Valid reports whether sc is a known scope.
func (sc Scope) Valid() bool { return slices.Contains(Scopes, sc) }

// canonical returns scopes deduplicated in Scopes order, or ok false when
// one is unknown.
func canonical(in []string) (out []Scope, ok bool) {
	for _, s := range in {
		if !Scope(s).Valid() {
			return nil, false
		}
	}
	for _, sc := range Scopes {
		if slices.Contains(in, string(sc)) {
			out = append(out, sc)
		}
	}
	return out, true
}

// parseScopes reads the stored, space-separated form.
func parseScopes(stored string) []Scope {
	var out []Scope
	for _, f := range strings.Fields(stored) {
		out = append(out, Scope(f))
	}
	return out
}

func joinScopes(scopes []Scope) string {
	parts := make([]string, len(scopes))
	for i, sc := range scopes {
		parts[i] = string(sc)
	}
	return strings.Join(parts, " ")
}
