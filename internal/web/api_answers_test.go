package web

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestMistypedJSONNamesTheField: a value of the wrong JSON type is a 422
// whose fields name it in the client's language (§16), not a 400 that
// leaves an integrator guessing which of twenty fields is wrong.
func TestMistypedJSONNamesTheField(t *testing.T) {
	p := newTestPortal(t, nil)
	cases := []struct {
		lang, body, field, want string
	}{
		{"en", `{"months": "12"}`, "months", "expected a whole number"},
		{"zh-CN", `{"months": "12"}`, "months", "应为整数"},
		{"en", `{"months": 1e30}`, "months", "expected a whole number"},
		{"en", `{"months": 12.5}`, "months", "expected a whole number"},
		{"en", `{"profile": {"channels": [{"channel": "alipay", "monthly_count": "many"}]}}`, "profile.channels.monthly_count", "expected a whole number"},
		{"en", `{"profile": []}`, "profile", "expected an object"},
		{"en", `{"settlement": 1}`, "settlement", "expected text (a JSON string)"},
	}
	for _, tc := range cases {
		c := p.client(t)
		c.header.Set("Accept-Language", tc.lang)
		r := c.json("POST", "/api/v1/fee-quotes", tc.body).wantStatus(t, http.StatusUnprocessableEntity)
		e := r.apiError(t)
		if e.Error.Code != "validation" || e.Error.Fields[tc.field] != tc.want {
			t.Errorf("%s %s: fields = %v, want %s: %q", tc.lang, tc.body, e.Error.Fields, tc.field, tc.want)
		}
	}
	// Malformed JSON and unknown fields stay 400 (§11).
	p.client(t).json("POST", "/api/v1/fee-quotes", `{"months": 12`).wantStatus(t, http.StatusBadRequest)
	p.client(t).json("POST", "/api/v1/fee-quotes", `{"monthz": 12}`).wantStatus(t, http.StatusBadRequest)
}

// TestDiagnosisWithoutDeviceIs422: an empty start names device_id instead
// of pretending device 0 was not found.
func TestDiagnosisWithoutDeviceIs422(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		w.c.header.Set("Accept-Language", "en")
		e := w.c.json("POST", "/api/v1/diagnoses", `{}`).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["device_id"] != "This field is required." {
			t.Fatalf("fields = %v", e.Error.Fields)
		}
		e = w.c.json("POST", "/api/v1/diagnoses", `{"device_id": "7"}`).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["device_id"] != "expected a whole number" {
			t.Fatalf("fields = %v", e.Error.Fields)
		}
	})
}

// TestEmptyListsAreArrays: every list an API answer holds is [] when
// there is nothing in it (§16), on an empty portal and a new merchant.
func TestEmptyListsAreArrays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m, appID := schedMerchant(t, p, "empty@example.com")
		null := regexp.MustCompile(`"[a-z_]+":null`)
		for path, want := range map[string]string{
			"/api/v1/notifications": `"notifications":[]`,
			fmt.Sprintf("/api/v1/applications/%d/appointments", appID): `"appointments":[]`,
			"/api/v1/fee-plans": `"fee_plans":[]`,
			"/api/v1/providers": `"providers":[]`,
			"/api/v1/devices":   `"devices":[]`,
			"/api/v1/tickets":   `"tickets":[]`,
			"/api/v1/notices":   `"notices":[]`,
		} {
			r := m.get(path).wantStatus(t, http.StatusOK)
			if r.body != "{"+want+"}" {
				t.Errorf("%s = %s, want {%s}", path, r.body, want)
			}
			if null.MatchString(r.body) {
				t.Errorf("%s has a null list: %s", path, r.body)
			}
		}
	})
}
