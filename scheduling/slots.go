package scheduling

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"posportal/internal/db"
)

// Slot is a bookable visit: what the merchant sees, without installer
// details.
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// interval is an installer's booked visit.
type interval struct {
	InstallerID int64
	Start       time.Time
	End         time.Time
}

// plan is what slot search knows about one installer for a window.
type plan struct {
	id      int64
	loc     *time.Location
	cap     int
	hours   map[time.Weekday]Hours
	blocked map[string]bool
	busy    []interval
	loads   map[int64]int // visits per local day (by midnight's Unix time), built on first use
}

// dayStart is local midnight of the day t falls on in p's zone.
func (p *plan) dayStart(t time.Time) time.Time {
	l := t.In(p.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, p.loc)
}

// load counts the visits on the local day of t.
func (p *plan) load(t time.Time) int { return p.loadOn(p.dayStart(t)) }

// loadOn counts the visits on the local day beginning at midnight day.
func (p *plan) loadOn(day time.Time) int {
	if p.loads == nil {
		p.loads = make(map[int64]int, len(p.busy))
		for _, b := range p.busy {
			p.loads[p.dayStart(b.Start).Unix()]++
		}
	}
	return p.loads[day.Unix()]
}

// free reports whether the installer can take a visit [start, end): a
// working day, inside the day's hours, under the daily cap, and at least
// the travel buffer away from every other visit.
func (p *plan) free(start, end time.Time, r Rules) bool {
	day := p.dayStart(start)
	if p.blocked[day.Format(time.DateOnly)] {
		return false
	}
	h, ok := p.hours[day.Weekday()]
	if !ok {
		return false
	}
	if start.Before(day.Add(time.Duration(h.Start)*time.Minute)) || end.After(day.Add(time.Duration(h.End)*time.Minute)) {
		return false
	}
	return p.loadOn(day) < p.cap && p.clear(start, end, r)
}

// clear reports whether [start, end) is at least the travel buffer away
// from every booked visit.
func (p *plan) clear(start, end time.Time, r Rules) bool {
	// busy is sorted by start and an installer's visits never overlap, so
	// ends are sorted too: skip to the first visit ending after start minus
	// the buffer, and stop at the first that begins after this one ends
	// plus the buffer.
	i := sort.Search(len(p.busy), func(i int) bool { return p.busy[i].End.Add(r.Buffer).After(start) })
	for _, b := range p.busy[i:] {
		if !b.Start.Before(end.Add(r.Buffer)) {
			break
		}
		if start.Before(b.End.Add(r.Buffer)) {
			return false
		}
	}
	return true
}

// starts lists the grid starts of a visit of length dur inside p's working
// hours on local days from first to last, skipping blocked days and days
// at the daily cap.
func (p *plan) starts(first, last time.Time, dur time.Duration, r Rules, yield func(time.Time)) {
	grid := int(r.Grid / time.Minute)
	for day := p.dayStart(first); !day.After(last); day = day.AddDate(0, 0, 1) {
		h, ok := p.hours[day.Weekday()]
		if !ok || p.blocked[day.Format(time.DateOnly)] || p.loadOn(day) >= p.cap {
			continue
		}
		m := (h.Start + grid - 1) / grid * grid
		for ; time.Duration(m)*time.Minute+dur <= time.Duration(h.End)*time.Minute; m += grid {
			yield(day.Add(time.Duration(m) * time.Minute))
		}
	}
}

// window clips [from, to) to what §5 allows from now: no earlier than the
// lead time, no later than the horizon.
func (r Rules) window(from, to, now time.Time) (time.Time, time.Time) {
	if earliest := now.Add(r.LeadTime); from.Before(earliest) {
		from = earliest
	}
	if latest := now.Add(r.Horizon); to.After(latest) {
		to = latest
	}
	return from, to
}

// search returns every start in [from, to) at which at least one of plans
// can take a visit of length dur, each once, in time order.
func search(plans []*plan, dur time.Duration, from, to, now time.Time, r Rules) []Slot {
	from, to = r.window(from, to, now)
	if !from.Before(to) {
		return []Slot{}
	}
	seen := map[int64]bool{}
	out := []Slot{}
	for _, p := range plans {
		// starts yields only open, uncapped days and starts inside the
		// day's hours: what is left of free is the buffer check.
		p.starts(from, to, dur, r, func(start time.Time) {
			if start.Before(from) || !start.Before(to) || seen[start.Unix()] {
				return
			}
			if p.clear(start, start.Add(dur), r) {
				seen[start.Unix()] = true
				out = append(out, Slot{Start: start.UTC(), End: start.Add(dur).UTC()})
			}
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// plans loads the active installers serving city/district with their
// hours, blocked dates and the visits booked around [from, to).
func (s *Service) plans(ctx context.Context, q db.Querier, city, district string, from, to time.Time, except int64) ([]*plan, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		TimeZone string `db:"time_zone"`
		Cap      int    `db:"daily_cap"`
	}
	if err := q.Select(ctx, &rows, `SELECT i.id, i.time_zone, i.daily_cap FROM sched_installers i
		JOIN sched_installer_districts d ON d.installer_id = i.id
		WHERE i.active = ? AND d.city = ? AND d.district = ? ORDER BY i.id`, true, city, district); err != nil {
		return nil, fmt.Errorf("installers for district: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	byID := map[int64]*plan{}
	out := make([]*plan, 0, len(rows))
	ids := make([]any, 0, len(rows))
	for _, r := range rows {
		p := &plan{id: r.ID, loc: zone(r.TimeZone), cap: r.Cap,
			hours: map[time.Weekday]Hours{}, blocked: map[string]bool{}}
		byID[r.ID] = p
		out = append(out, p)
		ids = append(ids, r.ID)
	}
	in := "(" + placeholders(len(ids)) + ")"
	var hours []struct {
		InstallerID int64 `db:"installer_id"`
		Hours
	}
	if err := q.Select(ctx, &hours, `SELECT installer_id, weekday, start_minute, end_minute FROM sched_installer_hours
		WHERE installer_id IN `+in, ids...); err != nil {
		return nil, fmt.Errorf("installer hours: %w", err)
	}
	for _, h := range hours {
		byID[h.InstallerID].hours[h.Weekday] = h.Hours
	}
	var blocked []struct {
		InstallerID int64  `db:"installer_id"`
		Day         string `db:"day"`
	}
	if err := q.Select(ctx, &blocked, `SELECT installer_id, day FROM sched_installer_blocked WHERE installer_id IN `+in+
		` AND day >= ? AND day <= ?`, append(ids, from.AddDate(0, 0, -1).Format(time.DateOnly), to.AddDate(0, 0, 1).Format(time.DateOnly))...); err != nil {
		return nil, fmt.Errorf("blocked dates: %w", err)
	}
	for _, b := range blocked {
		byID[b.InstallerID].blocked[b.Day] = true
	}
	// A day either side: the daily cap counts the whole local day.
	busy, err := s.busy(ctx, q, ids, in, from.Add(-26*time.Hour), to.Add(26*time.Hour), except)
	if err != nil {
		return nil, err
	}
	for _, b := range busy {
		byID[b.InstallerID].busy = append(byID[b.InstallerID].busy, b)
	}
	return out, nil
}

// busy reads the booked visits of the installers ids overlapping [from,
// to), ordered by installer and start, which is the index's order. The
// times come back as Unix milliseconds: parsing two timestamps per row was
// most of a slot search's time, and visits start on the minute grid.
func (s *Service) busy(ctx context.Context, q db.Querier, ids []any, in string, from, to time.Time, except int64) ([]interval, error) {
	ms := `CAST(unixepoch(%s, 'subsec') * 1000 AS INTEGER)`
	if s.db.Dialect == db.Postgres {
		ms = `CAST(EXTRACT(EPOCH FROM %s) * 1000 AS BIGINT)`
	}
	var rows []struct {
		InstallerID int64 `db:"installer_id"`
		Start       int64 `db:"s"`
		End         int64 `db:"e"`
	}
	args := append(append([]any{}, ids...), StatusBooked, to.UTC(), from.UTC(), except)
	if err := q.Select(ctx, &rows, `SELECT installer_id, `+fmt.Sprintf(ms, "starts_at")+` AS s, `+fmt.Sprintf(ms, "ends_at")+` AS e
		FROM sched_appointments
		WHERE installer_id IN `+in+` AND status = ? AND starts_at < ? AND ends_at > ? AND id <> ? ORDER BY installer_id, starts_at`,
		args...); err != nil {
		return nil, fmt.Errorf("booked visits: %w", err)
	}
	out := make([]interval, len(rows))
	for i, r := range rows {
		out[i] = interval{InstallerID: r.InstallerID, Start: time.UnixMilli(r.Start).UTC(), End: time.UnixMilli(r.End).UTC()}
	}
	return out, nil
}

// zones caches installers' time zones by name: time.LoadLocation reads
// the zone file on every call, once per installer per search.
var zones sync.Map

func zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc := Installer{TimeZone: name}.Location()
	zones.Store(name, loc)
	return loc
}

// placeholders returns n comma-separated ? marks for an IN list.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
