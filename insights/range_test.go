package insights_test

import (
	"testing"

	"posportal/insights"
	"posportal/internal/apperr"
)

func TestParseRange(t *testing.T) {
	now := at("2026-12-01 00:10") // still 30 November in UTC
	r, err := insights.ParseRange("", "", now)
	if err != nil || r.FromDate() != "2026-12-01" || r.ToDate() != "2026-12-31" || r.Days() != 31 {
		t.Errorf("default = %s..%s (%d days), %v; want December", r.FromDate(), r.ToDate(), r.Days(), err)
	}
	if got := r.Start.UTC().Format("2006-01-02 15:04"); got != "2026-11-30 16:00" {
		t.Errorf("December starts at %s UTC, want 2026-11-30 16:00", got)
	}
	r, err = insights.ParseRange("2026-10-01", "2026-10-01", now)
	if err != nil || r.Days() != 1 {
		t.Errorf("one day: %d days, %v", r.Days(), err)
	}
	for _, c := range []struct{ from, to, field, key string }{
		{"2026-13-01", "", "from", "insights.error.date"},
		{"", "31/12/2026", "to", "insights.error.date"},
		{"2026-10-02", "2026-10-01", "to", "insights.error.order"},
		{"2025-01-01", "2026-01-02", "to", "insights.error.span"},
	} {
		_, err := insights.ParseRange(c.from, c.to, now)
		e := apperr.As(err)
		if e == nil || e.Code != apperr.Validation || e.Fields[c.field] != c.key {
			t.Errorf("ParseRange(%q, %q) = %v, want %s on %s", c.from, c.to, err, c.key, c.field)
		}
	}
}
