package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/support"
)

// TestCheckInTokenReachesOnlyItsProvidersDevices attacks the check-in
// endpoint with provider A's token: B's device and an unknown serial get
// the same 404, B's device is untouched, A's own device checks in.
func TestCheckInTokenReachesOnlyItsProvidersDevices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		ctx := context.Background()
		other, err := w.p.srv.Catalog.CreateProvider(ctx, nil, catalog.Provider{Name: "别家支付", Kind: catalog.PaymentInstitution,
			Methods: []catalog.Method{catalog.UnionPayCard}}, auth.Request{})
		if err != nil {
			t.Fatal(err)
		}
		w.admin.json("POST", "/api/v1/devices", support.NewDevice{Serial: "SN-B-0001", MerchantID: w.merchant.ID, ModelID: w.model.ID,
			HardwareRevision: "A1", FirmwareVersion: "3.1.0", ProviderID: other.ID}).wantStatus(t, http.StatusCreated)

		e := w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "no provider"}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["provider_id"] == "" {
			t.Fatalf("an integration without a provider: %+v", e)
		}
		var a struct {
			Token      string
			ProviderID int64 `json:"provider_id"`
		}
		w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "TMS A", "provider_id": w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &a)
		if a.ProviderID != w.provider.ID {
			t.Fatalf("created for provider %d", a.ProviderID)
		}
		tms := w.p.client(t)
		tms.header.Set("Authorization", "Bearer "+a.Token)
		body := map[string]any{"firmware_version": "9.9.9"}
		theirs := tms.json("POST", "/api/v1/devices/SN-B-0001/checkin", body)
		unknown := tms.json("POST", "/api/v1/devices/SN-NOPE-0001/checkin", body)
		if theirs.StatusCode != http.StatusNotFound || theirs.body != unknown.body || unknown.StatusCode != http.StatusNotFound {
			t.Fatalf("other provider's device: %d %s; unknown: %d %s", theirs.StatusCode, theirs.body, unknown.StatusCode, unknown.body)
		}
		var fw string
		if err := d.Get(ctx, &fw, `SELECT firmware_version FROM support_devices WHERE serial = 'SN-B-0001'`); err != nil || fw != "3.1.0" {
			t.Fatalf("provider B's device now reports %q (%v)", fw, err)
		}
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusOK)

		// A token from before scoping keeps working; once an admin names
		// its provider it is limited like any other.
		var legacy struct {
			ID    int64
			Token string
		}
		w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "old TMS", "provider_id": w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &legacy)
		if _, err := d.Exec(ctx, `UPDATE support_integrations SET provider_id = NULL WHERE id = ?`, legacy.ID); err != nil {
			t.Fatal(err)
		}
		old := w.p.client(t)
		old.header.Set("Authorization", "Bearer "+legacy.Token)
		old.json("POST", "/api/v1/devices/SN-B-0001/checkin", body).wantStatus(t, http.StatusOK)
		wantBody(t, w.admin.browser().get("/admin/support/integrations").wantStatus(t, http.StatusOK), `data-testid="unscoped"`)
		w.admin.json("PATCH", "/api/v1/integrations/"+strconv.FormatInt(legacy.ID, 10), map[string]any{"provider_id": w.provider.ID}).wantStatus(t, http.StatusOK)
		old.json("POST", "/api/v1/devices/SN-B-0001/checkin", body).wantStatus(t, http.StatusNotFound)
		old.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusOK)
	})
}

// TestCheckInBadTokensThrottledPerAddress sends a burst of bad tokens at
// once from one address: no more than the limit are answered 401, the
// rest 429 with Retry-After, and then even a valid token from that address
// waits, so the answers say nothing about tokens.
func TestCheckInBadTokensThrottledPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		const limit, burst = 5, 20
		w.p.srv.Support.SetCheckInLimit(support.CheckInLimit{Failures: limit, Window: time.Hour})
		var good struct{ Token string }
		w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "TMS", "provider_id": w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &good)
		body := map[string]any{"firmware_version": "3.2.0"}

		statuses := make([]int, burst)
		retry := make([]string, burst)
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		ready.Add(burst)
		done.Add(burst)
		for i := range burst {
			go func() {
				defer done.Done()
				c := w.p.client(t)
				if i%2 == 0 {
					c.header.Set("Authorization", "Bearer ptm_"+strings.Repeat(strconv.Itoa(i%10), 64))
				}
				ready.Done()
				<-start
				res := c.json("POST", "/api/v1/devices/SN-9001/checkin", body)
				statuses[i], retry[i] = res.StatusCode, res.Header.Get("Retry-After")
			}()
		}
		ready.Wait()
		close(start)
		done.Wait()
		var unauthorized, throttled int
		for i, st := range statuses {
			switch st {
			case http.StatusUnauthorized:
				unauthorized++
			case http.StatusTooManyRequests:
				throttled++
				if secs, err := strconv.Atoi(retry[i]); err != nil || secs <= 0 || secs > 3600 {
					t.Fatalf("Retry-After %q", retry[i])
				}
			default:
				t.Fatalf("bad token answered %d", st)
			}
		}
		if unauthorized != limit || throttled != burst-limit {
			t.Fatalf("%d × 401, %d × 429; want %d and %d", unauthorized, throttled, limit, burst-limit)
		}
		tms := w.p.client(t)
		tms.header.Set("Authorization", "Bearer "+good.Token)
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusTooManyRequests)
	})
}
