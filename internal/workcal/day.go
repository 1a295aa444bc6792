package workcal

import (
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/shanghai"
)

// DateLayout is how days are written everywhere: in the data file, the
// database (TEXT, so it sorts and compares the same on both dialects) and
// forms.
const DateLayout = "2006-01-02"

// Years outside this range are typing mistakes, not calendars anyone keeps.
const (
	minYear = 2000
	maxYear = 2099
)

// maxNameLen bounds a holiday's name in either language, in characters.
const maxNameLen = 40

// Day is one calendar entry: a weekday holiday or a weekend workday.
type Day struct {
	Date   string `db:"day" json:"date"` // YYYY-MM-DD
	Kind   Kind   `db:"kind" json:"kind"`
	NameZH string `db:"name_zh" json:"name_zh"`
	NameEN string `db:"name_en" json:"name_en"`
	// Provisional marks built-in data derived before the State Council
	// published the year's notice; an admin confirms the year to clear it.
	Provisional bool      `db:"provisional" json:"provisional,omitempty"`
	UpdatedBy   *int64    `db:"updated_by" json:"-"` // nil: built-in data
	UpdatedAt   time.Time `db:"updated_at" json:"-"`
}

// Weekday is the day of the week of the entry's date.
func (d Day) Weekday() time.Weekday {
	t, err := ParseDate(d.Date)
	if err != nil {
		return time.Sunday
	}
	return t.Weekday()
}

// Name is the entry's name in lang (zh-CN or en).
func (d Day) Name(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.NameZH
}

// ParseDate reads a YYYY-MM-DD date as midnight in Asia/Shanghai.
func ParseDate(s string) (time.Time, error) {
	return time.ParseInLocation(DateLayout, s, shanghai.Location)
}

// DayInput is an admin's new or changed entry, as typed into the form.
type DayInput struct {
	Date   string
	Kind   Kind
	NameZH string
	NameEN string
}

// normalize trims the input and checks it, returning field errors keyed
// by form field name. A holiday on a weekend or a workday on a weekday is
// refused: it would change nothing and hide a mistyped date.
func (in DayInput) normalize() (DayInput, error) {
	in.Date = strings.TrimSpace(in.Date)
	in.NameZH = strings.TrimSpace(in.NameZH)
	in.NameEN = strings.TrimSpace(in.NameEN)
	fields := map[string]string{}
	t, err := ParseDate(in.Date)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		fields["day"] = "calendar.error.day"
	}
	switch {
	case !in.Kind.Valid():
		fields["kind"] = "calendar.error.kind"
	case err == nil && in.Kind == Holiday && isWeekend(t):
		fields["kind"] = "calendar.error.holiday_on_weekend"
	case err == nil && in.Kind == Workday && !isWeekend(t):
		fields["kind"] = "calendar.error.workday_on_weekday"
	}
	if n := utf8.RuneCountInString(in.NameZH); n == 0 || n > maxNameLen {
		fields["name_zh"] = "calendar.error.name"
	}
	if n := utf8.RuneCountInString(in.NameEN); n == 0 || n > maxNameLen {
		fields["name_en"] = "calendar.error.name"
	}
	if len(fields) > 0 {
		return in, apperr.Fields(fields)
	}
	return in, nil
}

func isWeekend(t time.Time) bool {
	return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
}

// validYear reports whether year is one a calendar may be kept for.
func validYear(year int) bool { return year >= minYear && year <= maxYear }
