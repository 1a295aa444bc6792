package web

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// Guesses sent all at once are counted before any is hashed: of 40
// concurrent wrong passwords for one account from one address exactly the
// limit (5) are checked and answered 401, the rest 429; of 80 concurrent
// guesses at 80 accounts from one address exactly 50.
func TestConcurrentGuessesStayWithinLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		p.register(t, "victim@example.com", "correct horse 1")
		pol := p.auth.Policy()

		attack := func(c *client, n int, email func(i int) string) map[int]int {
			var st countStatus
			together(n, func(i int) {
				res, err := c.try("POST", "/api/v1/session", map[string]string{"email": email(i), "password": "wrong password"})
				if err != nil {
					st.add(-1)
					return
				}
				if res.StatusCode == http.StatusTooManyRequests {
					if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 {
						st.add(-2)
						return
					}
				}
				st.add(res.StatusCode)
			})
			return st.n
		}

		got := attack(p.clientFrom(t, "127.0.0.2"), 40, func(int) string { return "victim@example.com" })
		if want := map[int]int{401: pol.MaxFailuresPerAccountAddress, 429: 40 - pol.MaxFailuresPerAccountAddress}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("40 concurrent guesses at one account: statuses %v, want %v", got, want)
		}

		got = attack(p.clientFrom(t, "127.0.0.3"), 80, func(i int) string { return fmt.Sprintf("spray%d@example.com", i) })
		if want := map[int]int{401: pol.MaxFailuresPerIP, 429: 80 - pol.MaxFailuresPerIP}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("80 concurrent guesses from one address: statuses %v, want %v", got, want)
		}
	})
}

// An attacker guessing from one address locks out only that address; the
// owner signs in from theirs. Guessing spread over many addresses reaches
// the account's ceiling, which stops new addresses but not one the owner
// has signed in from before.
func TestAttackerElsewhereCannotLockOwnerOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		const ceiling = 12
		p.withPolicy(t, func(pol *auth.Policy) { pol.MaxFailuresPerAccount = ceiling })
		p.register(t, "owner@example.com", "correct horse 1")
		wrong := map[string]string{"email": "owner@example.com", "password": "wrong password"}
		right := map[string]string{"email": "owner@example.com", "password": "correct horse 1"}

		attacker := p.clientFrom(t, "127.0.0.2")
		for i := 0; i < 5; i++ {
			attacker.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusUnauthorized)
		}
		attacker.json("POST", "/api/v1/session", right).wantStatus(t, http.StatusTooManyRequests)

		owner := p.clientFrom(t, "127.0.0.3")
		owner.json("POST", "/api/v1/session", right).wantStatus(t, http.StatusOK)
		owner.json("DELETE", "/api/v1/session", nil).wantStatus(t, http.StatusNoContent)

		// Two more addresses bring the account to its ceiling of 12 failures.
		for i := 0; i < 5; i++ {
			p.clientFrom(t, "127.0.0.4").json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusUnauthorized)
		}
		fifth := p.clientFrom(t, "127.0.0.5")
		fifth.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusUnauthorized)
		fifth.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusUnauthorized)
		fifth.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusTooManyRequests)

		// A new address now waits, even with the right password ...
		p.clientFrom(t, "127.0.0.6").json("POST", "/api/v1/session", right).wantStatus(t, http.StatusTooManyRequests)
		// ... but the owner's own address does not.
		owner.json("POST", "/api/v1/session", right).wantStatus(t, http.StatusOK)
		owner.get("/api/v1/me").wantStatus(t, http.StatusOK)
	})
}
