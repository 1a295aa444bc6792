package audit

import (
	"sort"
	"sync"
)

// The actions packages record, declared by each package at init (its
// audit_actions.go), so that one test can check every action the admin
// dashboard may show has a name in both languages, and test portals can
// refuse an event whose action nobody declared.
var (
	actionsMu sync.RWMutex
	actions   = map[string]bool{}
)

// Register declares actions a package records.
func Register(codes ...string) {
	actionsMu.Lock()
	defer actionsMu.Unlock()
	for _, c := range codes {
		actions[c] = true
	}
}

// Registered lists every declared action, sorted.
func Registered() []string {
	actionsMu.RLock()
	defer actionsMu.RUnlock()
	out := make([]string, 0, len(actions))
	for c := range actions {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// IsRegistered reports whether some package declared action.
func IsRegistered(action string) bool {
	actionsMu.RLock()
	defer actionsMu.RUnlock()
	return actions[action]
}
