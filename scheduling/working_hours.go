package scheduling

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/shanghai"
	"posportal/onboarding"
)

// checkWorkingHours refuses a visit [start, start+dur) that lies outside
// the working hours of every installer serving a's district, naming that
// day's hours, so a merchant asking for 03:00 learns why instead of being
// told the time "was just taken" (the 409 is for a lost race). A district
// nobody serves is left to the slot search's own answer.
func (s *Service) checkWorkingHours(ctx context.Context, q db.Querier, a onboarding.Application, start time.Time, dur time.Duration) error {
	var rows []struct {
		TimeZone string `db:"time_zone"`
		Hours
	}
	if err := q.Select(ctx, &rows, `SELECT i.time_zone, h.weekday, h.start_minute, h.end_minute FROM sched_installers i
		JOIN sched_installer_districts d ON d.installer_id = i.id
		JOIN sched_installer_hours h ON h.installer_id = i.id
		WHERE i.active = ? AND d.city = ? AND d.district = ?`, true, a.City, a.District); err != nil {
		return fmt.Errorf("working hours: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	end := start.Add(dur)
	spans := map[string]bool{}
	for _, r := range rows {
		loc := Installer{TimeZone: r.TimeZone}.Location()
		l := start.In(loc)
		if l.Weekday() != r.Weekday {
			continue
		}
		day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		from, to := day.Add(time.Duration(r.Start)*time.Minute), day.Add(time.Duration(r.End)*time.Minute)
		if !start.Before(from) && !end.After(to) {
			return nil
		}
		// Merchants read times in Asia/Shanghai.
		spans[from.In(shanghai.Location).Format("15:04")+"–"+to.In(shanghai.Location).Format("15:04")] = true
	}
	if len(spans) == 0 {
		return apperr.Fields(map[string]string{"start": "scheduling.field.start_day_off"})
	}
	list := make([]string, 0, len(spans))
	for sp := range spans {
		list = append(list, sp)
	}
	sort.Strings(list)
	hours := strings.Join(list, ", ")
	minutes := int(dur / time.Minute)
	return &apperr.Error{Code: apperr.Validation, Key: "scheduling.error.outside_hours", Args: []any{hours, minutes},
		Fields:    map[string]string{"start": "scheduling.field.start_outside_hours"},
		FieldArgs: map[string][]any{"start": {hours, minutes}}}
}
