// Package workcal is the business-day calendar of mainland China: public
// holidays that fall on weekdays and the weekend days worked instead (调休).
// The reviewers' SLA and the merchant's expected decision date count
// business days on it. Built-in data for the current and next year is
// seeded into the database at start-up; from then on an admin owns it.
package workcal

import (
	"fmt"
	"time"

	"posportal/internal/shanghai"
)

// Kind says how an entry overrides the weekday rule.
type Kind string

// The kinds of calendar entries. Only exceptions are stored: a weekend
// day is off and a weekday is worked unless an entry says otherwise.
const (
	Holiday Kind = "holiday" // a weekday off
	Workday Kind = "workday" // a weekend day worked (调休上班)
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Holiday || k == Workday }

// Calendar answers business-day questions from a fixed set of entries. It
// is immutable, so one value is safe to share between goroutines; the
// Service hands out a new one after every change.
type Calendar struct {
	exceptions map[int]Kind // dateKey → kind
}

// NewCalendar builds a calendar from days; entries whose kind agrees with
// the weekday rule anyway change nothing.
func NewCalendar(days []Day) *Calendar {
	c := &Calendar{exceptions: make(map[int]Kind, len(days))}
	for _, d := range days {
		t, err := ParseDate(d.Date)
		if err != nil {
			continue
		}
		c.exceptions[dateKey(t)] = d.Kind
	}
	return c
}

// IsBusinessDay reports whether the date of t, in Asia/Shanghai, is a
// working day.
func (c *Calendar) IsBusinessDay(t time.Time) bool {
	t = t.In(shanghai.Location)
	switch c.exceptions[dateKey(t)] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddBusinessDays returns the moment n business days after t, counted in
// whole days on Shanghai wall clocks: the same time of day on the n-th
// following business day. A start on a day off (weekend or holiday)
// starts the clock at 00:00 of the next business day, so time spent on
// days off never counts; n = 0 therefore returns t itself on a business
// day and the next business day's midnight otherwise. The SLA question
// "is this older than two business days" is
// now.After(cal.AddBusinessDays(submittedAt, 2)).
// The result is in Asia/Shanghai. n must not be negative.
func (c *Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	if n < 0 {
		panic(fmt.Sprintf("workcal: AddBusinessDays with negative n %d", n))
	}
	t = t.In(shanghai.Location)
	if !c.IsBusinessDay(t) {
		t = c.nextBusinessDay(midnight(t))
	}
	for ; n > 0; n-- {
		t = c.nextBusinessDay(t)
	}
	return t
}

// nextBusinessDay returns the same wall-clock time on the first business
// day after t's date. AddDate keeps the time of day; Shanghai has no
// daylight saving to shift it.
func (c *Calendar) nextBusinessDay(t time.Time) time.Time {
	for {
		t = t.AddDate(0, 0, 1)
		if c.IsBusinessDay(t) {
			return t
		}
	}
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// dateKey packs a date into an int (20261001) for cheap map look-ups.
func dateKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}
