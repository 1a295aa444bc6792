package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf/pdftest"
)

// TestSettlementAccountNumberSealed checks §16 through the real server on
// both databases: the number is not in the database in clear, every answer
// shows it masked, and in full only the reviewer's audited view, the
// merchant's own edit form and the contract do.
func TestSettlementAccountNumberSealed(t *testing.T) {
	const number, masked = "1001234567890123", "****0123"
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newTestPortal(t, d)
		m, base, req := approvedApplication(t, p)
		var id int64
		if err := d.Get(ctx, &id, `SELECT id FROM applications`); err != nil {
			t.Fatal(err)
		}

		// At rest: no column of the row holds the number or its first 12
		// digits; the old column is empty.
		row := rawRow(t, d, `SELECT * FROM applications`)
		for col, v := range row {
			s := toText(v)
			if strings.Contains(s, number[:12]) {
				t.Fatalf("column %s holds the account number: %q", col, s)
			}
		}
		if toText(row["settlement_account_number"]) != "" || toText(row["settlement_account_masked"]) != masked {
			t.Fatalf("clear column %q, masked %q", toText(row["settlement_account_number"]), toText(row["settlement_account_masked"]))
		}
		var snaps []string
		if err := d.Select(ctx, &snaps, `SELECT snapshot FROM application_events WHERE snapshot <> ''`); err != nil || len(snaps) == 0 {
			t.Fatalf("snapshots %v %v", snaps, err)
		}
		for _, s := range snaps {
			if strings.Contains(s, number[:12]) {
				t.Fatalf("submission snapshot holds the number: %s", s)
			}
		}

		// The merchant: masked in the API, the overview and the summary PDF.
		var own map[string]any
		m.get(base).wantStatus(t, http.StatusOK).decode(t, &own)
		if _, full := own["settlement_account_number"]; full || own["settlement_account_number_masked"] != masked {
			t.Fatalf("merchant GET: %v / %v", own["settlement_account_number"], own["settlement_account_number_masked"])
		}
		var list struct{ Applications []map[string]any }
		m.get("/api/v1/applications").wantStatus(t, http.StatusOK).decode(t, &list)
		if strings.Contains(mustJSON(t, list), number) || list.Applications[0]["settlement_account_number_masked"] != masked {
			t.Fatalf("merchant list: %v", list)
		}
		page := m.get("/applications/"+jsonID(id)).wantStatus(t, http.StatusOK)
		if strings.Contains(page.body, number) || !strings.Contains(page.body, masked) {
			t.Fatal("overview page does not mask the account number")
		}
		summary := pdftest.Text(t, []byte(m.get(base+"/summary.pdf").wantStatus(t, http.StatusOK).body))
		if strings.Contains(summary, number) || !strings.Contains(summary, masked) {
			t.Fatalf("summary PDF: %s", summary)
		}

		// The reviewer's audited view shows it in full, once per look.
		r := p.signIn(t, auth.Reviewer, "r2@bank.example")
		var staff map[string]any
		r.get(base).wantStatus(t, http.StatusOK).decode(t, &staff)
		if staff["settlement_account_number"] != number || staff["settlement_account_number_masked"] != masked {
			t.Fatalf("reviewer GET: %v", staff)
		}
		var queue struct{ Applications []map[string]any }
		r.get("/api/v1/applications").wantStatus(t, http.StatusOK).decode(t, &queue)
		if strings.Contains(mustJSON(t, queue), number) {
			t.Fatal("the review list shows the full number")
		}
		detail := r.get("/review/"+jsonID(id)).wantStatus(t, http.StatusOK)
		wantBody(t, detail, `data-testid="account-number">`+number)
		views, err := audit.List(ctx, d, audit.Filter{Action: "application.account_viewed"})
		if err != nil || len(views) != 2 {
			t.Fatalf("account views audited: %d %v", len(views), err)
		}
		// An admin is not the reviewer: masked.
		a := p.signIn(t, auth.Admin, "a2@bank.example")
		var adm map[string]any
		a.get(base).wantStatus(t, http.StatusOK).decode(t, &adm)
		if _, full := adm["settlement_account_number"]; full {
			t.Fatal("admin API view shows the full number")
		}

		// The contract states it in full.
		m.json("POST", base+"/contract", req).wantStatus(t, http.StatusCreated)
		contract := pdftest.Text(t, []byte(m.get(base+"/contract.pdf").wantStatus(t, http.StatusOK).body))
		if !strings.Contains(strings.ReplaceAll(contract, "\n", ""), number) {
			t.Fatalf("contract PDF lacks the account number: %s", contract)
		}
	})
}

// TestMerchantEditFormShowsOwnAccountNumber: the one merchant-facing place
// with the full number is their own form while they may still edit it.
func TestMerchantEditFormShowsOwnAccountNumber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := p.client(t)
		m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
		var app applicationJSON
		created := m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
		created.decode(t, &app)
		if strings.Contains(created.body, "1001234567890123") || app.SettlementAccountNumberMasked != "****0123" {
			t.Fatalf("create answer: %s", created.body)
		}
		form := m.get("/applications/"+jsonID(app.ID)+"/edit/settlement").wantStatus(t, http.StatusOK)
		wantBody(t, form, `value="1001234567890123"`)
		other := p.client(t)
		other.json("POST", "/api/v1/register", map[string]string{"email": "b@example.com", "password": "correct horse 2", "name": "李四", "phone": "13912345678"}).wantStatus(t, http.StatusCreated)
		other.get("/applications/"+jsonID(app.ID)+"/edit/settlement").wantStatus(t, http.StatusNotFound)
	})
}

// rawRow reads the single row query returns, every column as stored.
func rawRow(t *testing.T, d *db.DB, query string) map[string]any {
	t.Helper()
	rows, err := d.SQL().QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s: no row", query)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	row := map[string]any{}
	for i, c := range cols {
		row[c] = vals[i]
	}
	return row
}

func toText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }
