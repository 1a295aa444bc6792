package multiinstance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"posportal/internal/blob/blobtest"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
)

// TestTwoInstancesBehaveAsOnePortal starts two portal processes at the
// same moment on one fresh PostgreSQL schema and checks what a bank
// relies on when it runs them behind a load balancer.
func TestTwoInstancesBehaveAsOnePortal(t *testing.T) {
	ctx := context.Background()
	dbURL := dbtest.PostgresURL(t)  // a fresh, empty schema; CI fails without PostgreSQL
	blobURL := blobtest.S3URL(t)    // a fresh prefix of the test bucket; CI fails without S3
	store := openBucket(t, blobURL) // emptied after the instances are gone
	bin := buildPortal(t)
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })

	// Each instance sends through its own SMTP server, so the test knows
	// which instance sent what; a bank gives both the same relay.
	mailA, mailB := newSMTPServer(t), newSMTPServer(t)
	// Long enough that a claim outlives a send on a loaded CI machine (a
	// lapsed lease rightly lets the other instance send again), short
	// enough for the crash test below to wait it out.
	const lease = 12 * time.Second
	shared := map[string]string{
		"PORTAL_DATABASE_URL": dbURL,
		"PORTAL_DATA_KEY":     strings.Repeat("5a", 32),
		"PORTAL_JOB_POLL":     "300ms",
		"PORTAL_JOB_LEASE":    lease.String(),
		"PORTAL_SMTP_HOST":    "127.0.0.1",
		"PORTAL_SMTP_FROM":    "portal@bank.example",
		"PORTAL_BLOB_URL":     blobURL,
	}
	for _, k := range awsVars {
		if v := os.Getenv(k); v != "" {
			shared[k] = v
		}
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
		// Seeded twice at once, a shop would show up twice: no merchant
		// has two applications for one shop, or two contracts.
		if n := count(t, d, `SELECT COUNT(*) FROM (SELECT merchant_id FROM applications
			GROUP BY merchant_id, shop_name HAVING COUNT(*) > 1) dup`); n != 0 {
			t.Fatalf("%d demo shops applied twice", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM (SELECT a.merchant_id FROM contracts c JOIN applications a ON a.id = c.application_id
			GROUP BY a.merchant_id HAVING COUNT(*) > 1) dup`); n != 0 {
			t.Fatalf("%d demo merchants with two contracts", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM contracts`); n == 0 {
			t.Fatal("no demo contracts")
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

	var photo []byte // the document uploaded on A
	t.Run("a document uploaded on A downloads from B", func(t *testing.T) {
		shop := login(t, a, "newshop@example.com", "a long shop password")
		code, body, _ := a.call(t, "POST", "/api/v1/applications", map[string]string{"merchant_type": "individual_business", "shop_name": "新店"}, shop)
		var app struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(body, &app); code != http.StatusCreated || err != nil || app.Status != "draft" {
			t.Fatalf("create application on A: %d %s", code, body)
		}
		docs := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10) + "/documents"
		content := noiseJPEG(t)
		code, body = a.upload(t, docs, "storefront_photo", "门头照.jpg", content, shop)
		var doc struct {
			ID     int64  `json:"id"`
			SHA256 string `json:"sha256"`
		}
		if err := json.Unmarshal(body, &doc); code != http.StatusCreated || err != nil {
			t.Fatalf("upload on A: %d %s", code, body)
		}
		if want := sha256.Sum256(content); doc.SHA256 != hex.EncodeToString(want[:]) {
			t.Fatalf("upload's sha256 %s, want that of the file", doc.SHA256)
		}
		code, got, _ := b.call(t, "GET", docs+"/"+strconv.FormatInt(doc.ID, 10), nil, shop)
		if code != http.StatusOK || !bytes.Equal(got, content) {
			t.Fatalf("download on B: %d, %d bytes, want the %d bytes uploaded on A", code, len(got), len(content))
		}
		photo = content
	})

	var contractPDF []byte // the contract generated on A
	t.Run("a contract PDF generated on A is the same bytes from B", func(t *testing.T) {
		// The demo merchant's contract gives a plan and a terminal model
		// that the demo catalogue prices; the bakery is approved without one.
		merchant := login(t, a, "merchant@demo.local", demo.Password)
		code, body, _ := a.call(t, "GET", "/api/v1/applications/"+strconv.FormatInt(merchantApplication(t, a, merchant), 10)+"/contract", nil, merchant)
		var seeded struct {
			Terms struct {
				Plan      struct{ ID int64 }
				Terminals []struct {
					ModelID int64 `json:"model_id"`
				}
			}
		}
		if err := json.Unmarshal(body, &seeded); code != http.StatusOK || err != nil || len(seeded.Terms.Terminals) == 0 {
			t.Fatalf("demo contract: %d %s", code, body)
		}
		bakery := login(t, a, "bakery@demo.local", demo.Password)
		contract := "/api/v1/applications/" + strconv.FormatInt(merchantApplication(t, a, bakery), 10) + "/contract"
		code, body, _ = a.call(t, "POST", contract, map[string]any{"fee_plan_id": seeded.Terms.Plan.ID,
			"terminals": []map[string]any{{"model_id": seeded.Terms.Terminals[0].ModelID, "quantity": 1, "acquisition": "purchase"}}}, bakery)
		var made struct{ SHA256 string }
		if err := json.Unmarshal(body, &made); code != http.StatusCreated || err != nil || made.SHA256 == "" {
			t.Fatalf("generate contract on A: %d %s", code, body)
		}
		code, pdfB, _ := b.call(t, "GET", contract+".pdf", nil, bakery)
		if sum := sha256.Sum256(pdfB); code != http.StatusOK || hex.EncodeToString(sum[:]) != made.SHA256 {
			t.Fatalf("contract PDF from B: %d, %d bytes, sha256 %x; A said %s", code, len(pdfB), sum, made.SHA256)
		}
		if !bytes.HasPrefix(pdfB, []byte("%PDF-")) {
			t.Fatalf("contract from B is not a PDF: %.20q", pdfB)
		}
		if code, pdfA, _ := a.call(t, "GET", contract+".pdf", nil, bakery); code != http.StatusOK || !bytes.Equal(pdfA, pdfB) {
			t.Fatalf("contract PDF from A (%d, %d bytes) differs from B's (%d bytes)", code, len(pdfA), len(pdfB))
		}
		contractPDF = pdfB
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
		got := receive(t, len(visits), "merchant@demo.local", mailA, mailB)
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
		m := receive(t, 1, "merchant@demo.local", mailB)[0]
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

	t.Run("the bucket holds every document and PDF, as ciphertext only", func(t *testing.T) {
		var refs []string
		if err := d.Select(ctx, &refs, `SELECT blob_key FROM documents UNION SELECT pdf_key FROM contracts`); err != nil {
			t.Fatal(err)
		}
		objects := store.objects(t)
		// Exactly the referenced objects: no document left on a local
		// disk instead, no orphan.
		for _, k := range refs {
			if _, ok := objects[k]; !ok {
				t.Errorf("object %s the database references is not in the bucket", k)
			}
		}
		if len(objects) != len(refs) {
			t.Errorf("%d objects under the prefix, %d referenced", len(objects), len(refs))
		}
		for k, raw := range objects {
			switch {
			case bytes.Contains(raw, []byte("%PDF-")):
				t.Errorf("object %s holds a plaintext PDF header", k)
			case bytes.Contains(raw, []byte("\x89PNG\r\n\x1a\n")):
				t.Errorf("object %s holds a plaintext PNG signature", k)
			case bytes.HasPrefix(raw, []byte{0xff, 0xd8, 0xff}):
				t.Errorf("object %s is a plaintext JPEG", k)
			}
			for what, plain := range map[string][]byte{"uploaded photo": photo, "contract PDF": contractPDF} {
				if off, found := plaintextIn(raw, plain); found {
					t.Errorf("object %s holds the %s's bytes at plaintext offset %d", k, what, off)
				}
			}
		}
		if photo == nil || contractPDF == nil {
			t.Fatal("the upload or the contract failed above: their ciphertext was not checked")
		}
	})

	t.Run("nothing is written to either local data dir", func(t *testing.T) {
		// With PORTAL_DATA_KEY, PORTAL_DATABASE_URL and PORTAL_BLOB_URL set
		// the portal has no key file, SQLite file or documents directory
		// to write: its data dir stays empty.
		for _, in := range both {
			if files := filesIn(t, in.dataDir); len(files) > 0 {
				t.Errorf("%s wrote to its data dir: %v", in.name, files)
			}
		}
	})
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
// receive waits for n e-mails to the address to, from any of servers, then
// fails if another one to it arrives; mail to others (the demo's own
// visits) is not the test's.
func receive(t *testing.T, n int, to string, servers ...*smtpServer) []string {
	t.Helper()
	var got []string
	take := func(wait time.Duration) bool {
		for _, s := range servers {
			select {
			case m := <-s.got:
				if !strings.Contains(m, "To: "+to+"\r\n") && !strings.Contains(m, "To: "+to+"\n") {
					return false
				}
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
