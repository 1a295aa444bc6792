package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
)

// approvedApplication walks a merchant's application to approval and
// returns the merchant's client, the application's API path and a
// contract request for a plan that prices a terminal.
func approvedApplication(t *testing.T, p *testPortal) (*client, string, map[string]any) {
	t.Helper()
	ctx := context.Background()
	if err := demo.SeedCatalog(ctx, p.srv.Catalog); err != nil {
		t.Fatal(err)
	}
	plans, err := p.srv.Catalog.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var req map[string]any
	for _, pl := range plans {
		if len(pl.TerminalPrices) > 0 {
			req = map[string]any{"fee_plan_id": pl.ID, "terminals": []map[string]any{{"model_id": pl.TerminalPrices[0].ModelID, "quantity": 2, "acquisition": "purchase"}}}
			break
		}
	}
	if req == nil {
		t.Fatal("no demo plan prices a terminal")
	}
	m := p.client(t)
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
	base := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10)
	for _, kind := range enterpriseDocs {
		ct, body := multipartBody(t, kind, kind+".png", testPNG())
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
	}
	m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
	r := p.signIn(t, auth.Reviewer, "approver@bank.example")
	r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusOK)
	r.json("POST", base+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)
	return m, base, req
}

// TestConcurrentContractGenerationYieldsOneContract fires ten generations
// at once through the real server: every answer names the one contract
// that exists (or is a 409), exactly one says it created it, and one row
// remains whose PDF downloads.
func TestConcurrentContractGenerationYieldsOneContract(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m, base, req := approvedApplication(t, p)

		const n = 10
		type answer struct {
			status int
			id     int64
			sha    string
		}
		answers := make([]answer, n)
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		ready.Add(n)
		done.Add(n)
		for i := range n {
			go func() {
				defer done.Done()
				ready.Done()
				<-start
				res := m.json("POST", base+"/contract", req)
				a := answer{status: res.StatusCode}
				if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusCreated {
					var ct struct {
						ID     int64
						SHA256 string
					}
					res.decode(t, &ct)
					a.id, a.sha = ct.ID, ct.SHA256
				}
				answers[i] = a
			}()
		}
		ready.Wait()
		close(start)
		done.Wait()

		var stored struct {
			N   int    `db:"n"`
			ID  int64  `db:"id"`
			SHA string `db:"sha"`
		}
		if err := d.Get(context.Background(), &stored, `SELECT COUNT(*) AS n, MIN(id) AS id, MIN(sha256) AS sha FROM contracts`); err != nil {
			t.Fatal(err)
		}
		if stored.N != 1 {
			t.Fatalf("%d contracts stored, want 1", stored.N)
		}
		created := 0
		for i, a := range answers {
			switch a.status {
			case http.StatusCreated, http.StatusOK:
				if a.id != stored.ID || a.sha != stored.SHA {
					t.Fatalf("answer %d: contract %d (%s), but the one stored is %d (%s)", i, a.id, a.sha, stored.ID, stored.SHA)
				}
				if a.status == http.StatusCreated {
					created++
				}
			case http.StatusConflict:
			default:
				t.Fatalf("answer %d: status %d", i, a.status)
			}
		}
		if created != 1 {
			t.Fatalf("%d answers say they created the contract, want 1: %+v", created, answers)
		}
		var got struct {
			ID     int64
			SHA256 string
		}
		m.get(base+"/contract").wantStatus(t, http.StatusOK).decode(t, &got)
		if got.ID != stored.ID || got.SHA256 != stored.SHA {
			t.Fatalf("GET contract %+v, stored %+v", got, stored)
		}
		m.get(base+"/contract.pdf").wantStatus(t, http.StatusOK)
	})
}
