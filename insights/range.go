package insights

import (
	"time"

	"posportal/internal/apperr"
	"posportal/internal/shanghai"
)

// MaxRangeDays bounds a report to a year (a leap year's 366 days).
const MaxRangeDays = 366

// Range is a span of whole days in Asia/Shanghai: [Start, End).
type Range struct {
	Start, End time.Time
}

// FromDate is the first day, YYYY-MM-DD.
func (r Range) FromDate() string { return r.Start.In(shanghai.Location).Format(time.DateOnly) }

// ToDate is the last day (inclusive), YYYY-MM-DD.
func (r Range) ToDate() string {
	return r.End.In(shanghai.Location).AddDate(0, 0, -1).Format(time.DateOnly)
}

// Days is the number of days in the range.
func (r Range) Days() int { return int(r.End.Sub(r.Start).Hours()/24 + 0.5) }

// ParseRange reads the from and to query values (YYYY-MM-DD, both days
// included). An empty from or to defaults to the first or last day of the
// month of now in Asia/Shanghai.
func ParseRange(from, to string, now time.Time) (Range, error) {
	local := now.In(shanghai.Location)
	first := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, shanghai.Location)
	r := Range{Start: first, End: first.AddDate(0, 1, 0)}
	fields := map[string]string{}
	if from != "" {
		t, err := time.ParseInLocation(time.DateOnly, from, shanghai.Location)
		if err != nil {
			fields["from"] = "insights.error.date"
		}
		r.Start = t
	}
	if to != "" {
		t, err := time.ParseInLocation(time.DateOnly, to, shanghai.Location)
		if err != nil {
			fields["to"] = "insights.error.date"
		}
		r.End = t.AddDate(0, 0, 1)
	}
	if len(fields) == 0 {
		switch {
		case !r.End.After(r.Start):
			fields["to"] = "insights.error.order"
		case r.Days() > MaxRangeDays:
			fields["to"] = "insights.error.span"
		}
	}
	if len(fields) > 0 {
		return Range{}, apperr.Fields(fields)
	}
	return r, nil
}

// MonthRange is the calendar month of now in Asia/Shanghai.
func MonthRange(now time.Time) Range {
	r, _ := ParseRange("", "", now)
	return r
}
