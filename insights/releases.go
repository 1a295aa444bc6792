package insights

import (
	"context"
	"fmt"
	"sort"
)

// ticketsByRelease is the regression watch's measure per model and
// firmware version, over devices whose upgrade to it was reported in the
// range: tickets opened on such a device from the upgrade until the watch
// window (72 h) after it, per 100 upgraded devices.
func (s *Service) ticketsByRelease(ctx context.Context, r Range) ([]ReleaseTickets, error) {
	d := dialect{s.db.Dialect}
	q := `SELECT m.name AS model, dv.firmware_version AS version,
		COUNT(DISTINCT dv.id) AS devices, COUNT(t.id) AS tickets, COUNT(DISTINCT t.device_id) AS devices_with_tickets,
		MAX(CASE WHEN rl.suspect THEN 1 ELSE 0 END) AS suspect
	FROM support_devices dv
	JOIN catalog_models m ON m.id = dv.model_id
	LEFT JOIN support_tickets t ON t.device_id = dv.id AND t.created_at >= dv.upgraded_at
		AND ` + d.epoch("t.created_at") + ` - ` + d.epoch("dv.upgraded_at") + ` <= ?
	LEFT JOIN support_releases rl ON rl.model_id = dv.model_id AND rl.version = dv.firmware_version
	WHERE dv.upgraded_at >= ? AND dv.upgraded_at < ?
	GROUP BY dv.model_id, m.name, dv.firmware_version`
	var rows []struct {
		Model              string `db:"model"`
		Version            string `db:"version"`
		Devices            int    `db:"devices"`
		Tickets            int    `db:"tickets"`
		DevicesWithTickets int    `db:"devices_with_tickets"`
		Suspect            int    `db:"suspect"`
	}
	if err := s.db.Select(ctx, &rows, q, s.window.Seconds(), r.Start.UTC(), r.End.UTC()); err != nil {
		return nil, fmt.Errorf("insights tickets by release: %w", err)
	}
	out := make([]ReleaseTickets, 0, len(rows))
	for _, row := range rows {
		out = append(out, ReleaseTickets{Model: row.Model, Version: row.Version, Devices: row.Devices, Tickets: row.Tickets,
			DevicesWithTickets: row.DevicesWithTickets, Suspect: row.Suspect == 1,
			Per100Devices: round(float64(row.Tickets)*100/float64(row.Devices), 2)})
	}
	// Worst first; exact ratios compared by cross-multiplying.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Tickets*out[j].Devices, out[j].Tickets*out[i].Devices
		if a != b {
			return a > b
		}
		if out[i].Model != out[j].Model {
			return out[i].Model < out[j].Model
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}
