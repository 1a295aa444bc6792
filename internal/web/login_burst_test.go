package web

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/auth"
)

// A burst of 100 concurrent logins from 100 addresses (half for unknown
// e-mails, half wrong passwords for a real account) never runs more
// password hashes than there are slots; whoever finds no free slot is told
// 503 with a Retry-After instead of queueing memory, and the owner, who
// follows Retry-After, signs in during the burst. Memory and latency
// under the production parameters are measured by BenchmarkLoginBurst
// (cmd/portal) and reported in docs/PERFORMANCE.md.
func TestLoginBurstBoundsHashing(t *testing.T) {
	p := newTestPortal(t, nil)
	p.withPolicy(t, func(pol *auth.Policy) {
		pol.HashSlots, pol.HashWait = 2, 0
		// Costly enough that the burst outruns two slots, even under -race.
		pol.HashParams = argon2id.Params{Memory: 32 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	})
	p.register(t, "owner@example.com", "correct horse 1")
	jobsBefore := p.auth.HashStats().Jobs

	const attackers = 100
	var st countStatus
	var mu sync.Mutex
	var problems []string
	problem := func(f string, a ...any) { mu.Lock(); problems = append(problems, fmt.Sprintf(f, a...)); mu.Unlock() }
	ownerTries, ownerOK := 0, false

	together(attackers+1, func(i int) {
		if i == attackers {
			owner := p.clientFrom(t, "127.0.0.2")
			for ownerTries < 20 && !ownerOK {
				ownerTries++
				res, err := owner.try("POST", "/api/v1/session", map[string]string{"email": "owner@example.com", "password": "correct horse 1"})
				switch {
				case err != nil:
					problem("owner: %v", err)
					return
				case res.StatusCode == http.StatusOK:
					ownerOK = true
				case res.StatusCode == http.StatusServiceUnavailable:
					secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
					if err != nil || secs < 1 {
						problem("owner 503 without Retry-After: %q", res.Header.Get("Retry-After"))
						return
					}
					time.Sleep(time.Duration(secs) * time.Second)
				default:
					problem("owner: %d %s", res.StatusCode, res.body)
					return
				}
			}
			return
		}
		email := fmt.Sprintf("ghost%d@example.com", i)
		if i%2 == 1 {
			email = "owner@example.com"
		}
		c := p.clientFrom(t, fmt.Sprintf("127.0.1.%d", i+1))
		res, err := c.try("POST", "/api/v1/session", map[string]string{"email": email, "password": "wrong password"})
		if err != nil {
			problem("attacker %d: %v", i, err)
			return
		}
		st.add(res.StatusCode)
		if res.StatusCode == http.StatusServiceUnavailable {
			if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || secs < 1 {
				problem("503 without Retry-After: %q", res.Header.Get("Retry-After"))
			}
		}
	})
	for _, pr := range problems {
		t.Error(pr)
	}
	hs := p.auth.HashStats()
	t.Logf("statuses %v, owner signed in after %d tries, hashing %+v", st.n, ownerTries, hs)
	if hs.Peak > 2 || hs.Peak < 1 {
		t.Fatalf("peak concurrent hashes = %d, want at most the 2 slots", hs.Peak)
	}
	if st.n[401]+st.n[503] != attackers {
		t.Fatalf("attacker statuses %v: want only 401 and 503", st.n)
	}
	if st.n[503] == 0 {
		t.Fatalf("no 503 for 100 concurrent logins on 2 slots with no wait: %v", st.n)
	}
	if !ownerOK {
		t.Fatalf("the owner did not sign in in %d tries during the burst", ownerTries)
	}
	// Every 401 was a real comparison (unknown e-mails too), every 503 none.
	if want := jobsBefore + uint64(st.n[401]+1); hs.Jobs != want {
		t.Fatalf("hash jobs = %d, want %d (401s + the owner's success)", hs.Jobs, want)
	}
}
