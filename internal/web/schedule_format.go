package web

import (
	"time"

	"posportal/internal/i18n"
	"posportal/internal/shanghai"
)

// SchedClock formats a time of day in Asia/Shanghai ("09:30").
func (p Page) SchedClock(t time.Time) string { return t.In(shanghai.Location).Format("15:04") }

// SchedUnix is t as Unix seconds, the value a time button posts.
func (p Page) SchedUnix(t time.Time) int64 { return t.Unix() }

// SchedDay names a day with its weekday, e.g. "12月2日 周三" or "Wed 2 Dec".
func (p Page) SchedDay(t time.Time) string {
	l := t.In(shanghai.Location)
	wd := p.T("scheduling.weekday." + l.Weekday().String())
	if p.Lang == i18n.ZH {
		return l.Format("1月2日") + " " + wd
	}
	return wd + " " + l.Format("2 Jan")
}

// SchedMinutes formats minutes after midnight as "09:30".
func (p Page) SchedMinutes(m int) string { return clock(m) }
