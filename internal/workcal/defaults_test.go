package workcal

import (
	"strings"
	"testing"
)

// The built-in data, read as the notice reads: each break is the run of
// consecutive days off around its first date, and the make-up workdays.
func TestDefaultsMatchTheNotices(t *testing.T) {
	cal := NewCalendar(Defaults())
	breaks := []struct {
		name     string
		from, to string // first and last day off of the break
		workdays []string
	}{
		// 国办发明电〔2025〕7号
		{"元旦 2026", "2026-01-01", "2026-01-03", []string{"2026-01-04"}},
		{"春节 2026", "2026-02-15", "2026-02-23", []string{"2026-02-14", "2026-02-28"}},
		{"清明节 2026", "2026-04-04", "2026-04-06", nil},
		{"劳动节 2026", "2026-05-01", "2026-05-05", []string{"2026-05-09"}},
		{"端午节 2026", "2026-06-19", "2026-06-21", nil},
		{"中秋节 2026", "2026-09-25", "2026-09-27", nil},
		{"国庆节 2026", "2026-10-01", "2026-10-07", []string{"2026-09-20", "2026-10-10"}},
		// Provisional 2027, derived from the lunar dates and the 2024 rules.
		{"元旦 2027", "2027-01-01", "2027-01-03", nil},
		{"春节 2027", "2027-02-05", "2027-02-14", []string{"2027-01-31", "2027-02-20"}},
		{"清明节 2027", "2027-04-03", "2027-04-05", nil},
		{"劳动节 2027", "2027-05-01", "2027-05-05", []string{"2027-05-08"}},
		{"端午节 2027", "2027-06-09", "2027-06-09", nil},
		{"中秋节 2027", "2027-09-15", "2027-09-15", nil},
		{"国庆节 2027", "2027-10-01", "2027-10-07", []string{"2027-09-26", "2027-10-09"}},
	}
	for _, b := range breaks {
		from, _ := ParseDate(b.from)
		to, _ := ParseDate(b.to)
		if !cal.IsBusinessDay(from.AddDate(0, 0, -1)) {
			t.Errorf("%s: the break starts before %s", b.name, b.from)
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if cal.IsBusinessDay(d) {
				t.Errorf("%s: %s is a business day", b.name, d.Format(DateLayout))
			}
		}
		if !cal.IsBusinessDay(to.AddDate(0, 0, 1)) {
			t.Errorf("%s: the break runs past %s", b.name, b.to)
		}
		for _, w := range b.workdays {
			d, _ := ParseDate(w)
			if !isWeekend(d) || !cal.IsBusinessDay(d) {
				t.Errorf("%s: %s (%s) should be a weekend make-up workday", b.name, w, d.Weekday())
			}
		}
	}
}

func TestDefaultsAreNamedAndMarked(t *testing.T) {
	names := map[string]string{
		"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Qingming Festival", "劳动节": "Labour Day",
		"端午节": "Dragon Boat Festival", "中秋节": "Mid-Autumn Festival", "国庆节": "National Day",
	}
	days := Defaults()
	if len(days) == 0 {
		t.Fatal("no built-in days")
	}
	for _, d := range days {
		if names[d.NameZH] != d.NameEN {
			t.Errorf("%s: names %q / %q", d.Date, d.NameZH, d.NameEN)
		}
		if want := strings.HasPrefix(d.Date, "2027-"); d.Provisional != want {
			t.Errorf("%s: provisional = %v, want %v", d.Date, d.Provisional, want)
		}
	}
}

func TestParseDefaultsRejectsBadData(t *testing.T) {
	bad := map[string]string{
		"holiday on a Saturday": `{"years":[{"year":2026,"days":[{"date":"2026-01-03","kind":"holiday","name_zh":"元旦","name_en":"New Year's Day"}]}]}`,
		"wrong year":            `{"years":[{"year":2027,"days":[{"date":"2026-01-01","kind":"holiday","name_zh":"元旦","name_en":"New Year's Day"}]}]}`,
		"out of order": `{"years":[{"year":2026,"days":[{"date":"2026-01-02","kind":"holiday","name_zh":"元旦","name_en":"New Year's Day"},` +
			`{"date":"2026-01-01","kind":"holiday","name_zh":"元旦","name_en":"New Year's Day"}]}]}`,
		"no such date": `{"years":[{"year":2026,"days":[{"date":"2026-02-30","kind":"holiday","name_zh":"x","name_en":"x"}]}]}`,
	}
	for name, js := range bad {
		if _, err := parseDefaults([]byte(js)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
