package insights

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/shanghai"
)

// installers compares each active installer's booked appointment hours
// starting in the range with the working hours scheduling offers them
// there: their weekly hours on each day of the range, less blocked dates.
func (s *Service) installers(ctx context.Context, r Range) ([]InstallerLoad, error) {
	d := dialect{s.db.Dialect}
	var days [][2]any
	for day := r.Start.In(shanghai.Location); day.Before(r.End); day = day.AddDate(0, 0, 1) {
		days = append(days, [2]any{day.Format(time.DateOnly), int(day.Weekday())})
	}
	param, err := jsonParam(days)
	if err != nil {
		return nil, err
	}
	q := `WITH days AS (SELECT ` + d.jsonText("t", 0) + ` AS day, ` + d.jsonNum("t", 1) + ` AS weekday FROM ` + d.jsonRows("t") + `),
	available AS (
		SELECT h.installer_id, SUM(h.end_minute - h.start_minute) AS minutes
		FROM days JOIN sched_installer_hours h ON h.weekday = days.weekday
		WHERE NOT EXISTS (SELECT 1 FROM sched_installer_blocked b WHERE b.installer_id = h.installer_id AND b.day = days.day)
		GROUP BY h.installer_id),
	booked AS (
		SELECT installer_id, SUM(` + d.epoch("ends_at") + ` - ` + d.epoch("starts_at") + `) AS seconds
		FROM sched_appointments WHERE status <> 'cancelled' AND starts_at >= ? AND starts_at < ?
		GROUP BY installer_id)
	SELECT u.name, COALESCE(a.minutes, 0) AS minutes, COALESCE(b.seconds, 0) AS seconds
	FROM sched_installers i JOIN users u ON u.id = i.user_id
	LEFT JOIN available a ON a.installer_id = i.id
	LEFT JOIN booked b ON b.installer_id = i.id
	WHERE i.active
	ORDER BY u.name, i.id`
	var rows []struct {
		Name    string  `db:"name"`
		Minutes float64 `db:"minutes"`
		Seconds float64 `db:"seconds"`
	}
	if err := s.db.Select(ctx, &rows, q, param, r.Start.UTC(), r.End.UTC()); err != nil {
		return nil, fmt.Errorf("insights installers: %w", err)
	}
	out := make([]InstallerLoad, 0, len(rows))
	for _, row := range rows {
		avail, booked := row.Minutes/60, row.Seconds/3600
		out = append(out, InstallerLoad{Name: row.Name, BookedHours: round(booked, 2), AvailableHours: round(avail, 2),
			Utilisation: ratio(booked, avail)})
	}
	return out, nil
}
