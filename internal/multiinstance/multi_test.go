package multiinstance

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
)

// TestTwoInstancesBehaveAsOnePortal starts two portal processes at the
// same moment on one fresh PostgreSQL schema and checks what a bank
// relies on when it runs them behind a load balancer.
func TestTwoInstancesBehaveAsOnePortal(t *testing.T) {
	ctx := context.Background()
	dbURL := dbtest.PostgresURL(t) // a fresh, empty schema; CI fails without PostgreSQL
	bin := buildPortal(t)
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })

	// Each instance sends through its own SMTP server, so the test knows
	// which instance sent what; a bank gives both the same relay.
	mailA, mailB := newSMTPServer(t), newSMTPServer(t)
	const lease = 6 * time.Second
	shared := map[string]string{
		"PORTAL_DATABASE_URL": dbURL,
		"PORTAL_DATA_KEY":     strings.Repeat("5a", 32),
		"PORTAL_JOB_POLL":     "300ms",
		"PORTAL_JOB_LEASE":    lease.String(),
		"PORTAL_SMTP_HOST":    "127.0.0.1",
		"PORTAL_SMTP_FROM":    "portal@bank.example",
		// Follow-up once the S3 blob store is merged: PORTAL_BLOB_URL from
		// ../shared/ci/ensure-s3 and the AWS_* credentials go here.
	}
	both := startInstances(t, bin, shared, map[string]map[string]string{
		"A": {"PORTAL_SMTP_PORT": mailA.port()},
		"B": {"PORTAL_SMTP_PORT": mailB.port()},
	}, "A", "B")
	a, b := both[0], both[1]

	t.Run("both migrated and seeded once", func(t *testing.T) {
		for _, in := range both {
			if code, _, _ := in.call(t, "GET", "/readyz", nil, nil); code != http.StatusOK {
				t.Fatalf("%s /readyz: %d", in.name, code)
			}
		}
		for _, acc := range demo.Accounts {
			if n := count(t, d, `SELECT COUNT(*) FROM users WHERE email = ?`, acc.Email); n != 1 {
				t.Fatalf("%d accounts %s", n, acc.Email)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM contracts`); n != 1 {
			t.Fatalf("%d demo contracts, want 1", n)
		}
	})

	t.Run("a session made on A works on B", func(t *testing.T) {
		code, body, session := a.call(t, "POST", "/api/v1/register", map[string]string{
			"email": "newshop@example.com", "password": "a long shop password", "name": "新店", "phone": "13812345678"}, nil)
		if code != http.StatusCreated || session == nil {
			t.Fatalf("register on A: %d %s", code, body)
		}
		code, body, _ = b.call(t, "GET", "/api/v1/me", nil, session)
		var me struct{ Email string }
		json.Unmarshal(body, &me)
		if code != http.StatusOK || me.Email != "newshop@example.com" {
			t.Fatalf("me on B with A's session: %d %s", code, body)
		}
		if code, _, _ = b.call(t, "DELETE", "/api/v1/session", nil, session); code >= 300 {
			t.Fatalf("logout on B: %d", code)
		}
		if code, _, _ = a.call(t, "GET", "/api/v1/me", nil, session); code != http.StatusUnauthorized {
			t.Fatalf("A still accepts the session B logged out: %d", code)
		}
	})

	merchant := login(t, a, "merchant@demo.local", demo.Password)
	appID := merchantApplication(t, a, merchant)
	days := repairDays(t, a, merchant, appID)
	outboxBefore := count(t, d, `SELECT COUNT(*) FROM outbox`)

	t.Run("reminders due while both run are sent once", func(t *testing.T) {
		var visits []int64
		for _, start := range days[:2] {
			visits = append(visits, book(t, a, merchant, appID, start))
		}
		for _, v := range visits {
			makeDue(t, d, v)
		}
		eventually(t, "both instances' loops send the reminders", func() bool {
			return count(t, d, `SELECT COUNT(*) FROM outbox WHERE id > ? AND status = 'sent'`, outboxBefore) == len(visits)
		})
		for _, v := range visits {
			if n := count(t, d, `SELECT COUNT(*) FROM sched_reminders WHERE appointment_id = ? AND status = 'sent'`, v); n != 2 {
				t.Fatalf("visit %d: %d reminders sent, want in-app and e-mail", v, n)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM outbox WHERE id > ?`, outboxBefore); n != len(visits) {
			t.Fatalf("%d e-mails in the outbox, want %d", n, len(visits))
		}
		got := receive(t, len(visits), mailA, mailB)
		for _, m := range got {
			if !strings.Contains(m, "To: merchant@demo.local") {
				t.Fatalf("reminder to the wrong address:\n%s", m)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = 'merchant@demo.local'`); n < len(visits) {
			t.Fatalf("%d in-app reminders, want at least %d", n, len(visits))
		}
	})

	t.Run("A dies holding work; B carries on and takes it over", func(t *testing.T) {
		before := count(t, d, `SELECT COUNT(*) FROM outbox`)
		// Only A polls while B is frozen; A's mail server takes the
		// connection and never answers, so A dies mid-send.
		b.pause(t)
		mailA.hang.Store(true)
		visit := book(t, a, merchant, appID, days[2])
		makeDue(t, d, visit)
		select {
		case <-mailA.connected:
		case <-time.After(2 * time.Minute):
			b.resume(t)
			t.Fatal("A never started sending the reminder")
		}
		a.kill(t)
		var claim string
		if err := d.Get(ctx, &claim, `SELECT claimed_by FROM outbox WHERE id > ? AND status = 'held'`, before); err != nil {
			b.resume(t)
			t.Fatalf("A's claimed e-mail: %v", err)
		}
		b.resume(t)

		if code, _, _ := b.call(t, "GET", "/api/v1/me", nil, merchant); code != http.StatusOK {
			t.Fatalf("B after A died: %d", code)
		}
		m := receive(t, 1, mailB)[0]
		if !strings.Contains(m, "To: merchant@demo.local") {
			t.Fatalf("message:\n%s", m)
		}
		var row struct {
			Status    string `db:"status"`
			ClaimedBy string `db:"claimed_by"`
		}
		if err := d.Get(ctx, &row, `SELECT status, claimed_by FROM outbox WHERE id > ?`, before); err != nil {
			t.Fatal(err)
		}
		if row.Status != "sent" || row.ClaimedBy == claim {
			t.Fatalf("e-mail A died sending: %+v (A's claim %s); want sent by B", row, claim)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sched_reminders WHERE appointment_id = ? AND status = 'sent'`, visit); n != 2 {
			t.Fatalf("%d reminders of the last visit sent, want 2", n)
		}
	})

	// Follow-up once the S3 blob store (internal/blob, PORTAL_BLOB_URL) is
	// merged — the lead adds, with the bucket in `shared` above:
	//   - upload a document on A, download it on B: the same bytes;
	//   - a contract PDF generated on A is byte-identical from B and
	//     matches its SHA-256;
	//   - the bucket holds ciphertext only (no %PDF or image magic);
	//   - nothing is written to a.dataDir or b.dataDir.
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Get(context.Background(), &n, query, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

func login(t *testing.T, in *instance, email, password string) *http.Cookie {
	t.Helper()
	code, body, session := in.call(t, "POST", "/api/v1/session", map[string]string{"email": email, "password": password}, nil)
	if code != http.StatusOK || session == nil {
		t.Fatalf("login %s on %s: %d %s", email, in.name, code, body)
	}
	return session
}

// merchantApplication is the demo merchant's (live) application.
func merchantApplication(t *testing.T, in *instance, session *http.Cookie) int64 {
	t.Helper()
	code, body, _ := in.call(t, "GET", "/api/v1/applications", nil, session)
	var list struct {
		Applications []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"applications"`
	}
	if err := json.Unmarshal(body, &list); code != http.StatusOK || err != nil || len(list.Applications) != 1 {
		t.Fatalf("applications: %d %s", code, body)
	}
	return list.Applications[0].ID
}

// repairDays returns the first repair slot of three different days, so
// visits booked at them never overlap.
func repairDays(t *testing.T, in *instance, session *http.Cookie, appID int64) []time.Time {
	t.Helper()
	code, body, _ := in.call(t, "GET", "/api/v1/applications/"+strconv.FormatInt(appID, 10)+"/slots?kind=repair&days=14", nil, session)
	var res struct {
		Slots []struct {
			Start time.Time `json:"start"`
		} `json:"slots"`
	}
	if err := json.Unmarshal(body, &res); code != http.StatusOK || err != nil {
		t.Fatalf("slots: %d %s", code, body)
	}
	var out []time.Time
	seen := map[string]bool{}
	for _, s := range res.Slots {
		if day := s.Start.Format(time.DateOnly); !seen[day] {
			seen[day] = true
			out = append(out, s.Start)
		}
	}
	if len(out) < 3 {
		t.Fatalf("repair slots on %d days, want 3: %s", len(out), body)
	}
	return out
}

func book(t *testing.T, in *instance, session *http.Cookie, appID int64, start time.Time) int64 {
	t.Helper()
	code, body, _ := in.call(t, "POST", "/api/v1/applications/"+strconv.FormatInt(appID, 10)+"/appointments",
		map[string]any{"kind": "repair", "start": start}, session)
	var ap struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &ap); code != http.StatusCreated || err != nil {
		t.Fatalf("book repair at %v: %d %s", start, code, body)
	}
	return ap.ID
}

// makeDue moves a visit's reminders to a minute ago: the two processes'
// clocks cannot be moved a day ahead, so the reminders are.
func makeDue(t *testing.T, d *db.DB, visit int64) {
	t.Helper()
	res, err := d.Exec(context.Background(), `UPDATE sched_reminders SET due_at = ? WHERE appointment_id = ? AND status = 'pending'`,
		time.Now().Add(-time.Minute).UTC(), visit)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("visit %d has %d pending reminders, want 2", visit, n)
	}
}

// receive waits for n messages across the servers and then checks that no
// server got one more: a duplicate would arrive within a few polls.
func receive(t *testing.T, n int, servers ...*smtpServer) []string {
	t.Helper()
	var got []string
	take := func(wait time.Duration) bool {
		for _, s := range servers {
			select {
			case m := <-s.got:
				got = append(got, m)
				return true
			default:
			}
		}
		time.Sleep(wait)
		return false
	}
	for deadline := time.Now().Add(2 * time.Minute); len(got) < n; {
		if !take(50*time.Millisecond) && time.Now().After(deadline) {
			t.Fatalf("%d of %d e-mails arrived", len(got), n)
		}
	}
	for range 10 { // ten polls of both instances
		if take(300 * time.Millisecond) {
			t.Fatalf("an e-mail was sent twice:\n%s", got[len(got)-1])
		}
	}
	return got
}
