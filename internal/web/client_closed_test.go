package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// scrape returns the portal's Prometheus text.
func (p *testPortal) scrape(t *testing.T) string {
	t.Helper()
	rec := httptest.NewRecorder()
	p.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

// A client that hangs up while its request waits on the database is
// recorded as 499, not as the portal's 503.
func TestClientThatHangsUpIsCounted499(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		ctx := context.Background()
		// Another transaction holds the users table, so registration waits.
		locked, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			held <- d.InTx(ctx, func(tx *db.Tx) error {
				if d.Dialect == db.Postgres {
					if _, err := tx.Exec(ctx, `LOCK TABLE users IN ACCESS EXCLUSIVE MODE`); err != nil {
						return err
					}
				} // SQLite: the portal's transactions begin IMMEDIATE, holding the write lock
				close(locked)
				<-release
				return nil
			})
		}()
		<-locked

		reqCtx, hangUp := context.WithCancel(ctx)
		req, _ := http.NewRequestWithContext(reqCtx, "POST", p.URL+"/api/v1/register",
			strings.NewReader(`{"email":"gone@example.com","password":"correct horse 1","name":"张三","phone":"13812345678"}`))
		req.Header.Set("Content-Type", "application/json")
		done := make(chan error, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				err = errors.New("answered " + res.Status + " although the database was locked")
			}
			done <- err
		}()
		time.Sleep(300 * time.Millisecond) // let the request reach the lock (if it has not, it sees the hang-up at once)
		hangUp()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("client: %v", err)
		}

		want := `portal_http_requests_total{method="POST",route="/api/v1/register",status="499"} 1`
		for deadline := time.Now().Add(30 * time.Second); !strings.Contains(p.scrape(t), want); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no 499 recorded:\n%s", grepLines(p.scrape(t), "portal_http_requests_total"))
			}
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		if m := p.scrape(t); strings.Contains(m, `status="503"`) || strings.Contains(m, `status="500"`) {
			t.Fatalf("hang-up counted as a server error:\n%s", grepLines(m, "portal_http_requests_total"))
		}
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
