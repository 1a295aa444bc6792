package scheduling

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
)

// District is a place an installer serves, named as people write it
// ("上海市", "上海市", "浦东新区").
type District struct {
	Province string `db:"province" json:"province"`
	City     string `db:"city" json:"city"`
	District string `db:"district" json:"district"`
}

// Hours are one weekday's working hours in minutes after local midnight.
type Hours struct {
	Weekday time.Weekday `db:"weekday" json:"weekday"`
	Start   int          `db:"start_minute" json:"start_minute"`
	End     int          `db:"end_minute" json:"end_minute"`
}

// Installer is an installer's profile, linked to their account.
type Installer struct {
	ID        int64      `db:"id" json:"id"`
	UserID    int64      `db:"user_id" json:"user_id"`
	Name      string     `db:"name" json:"name"`
	Email     string     `db:"email" json:"email"`
	TimeZone  string     `db:"time_zone" json:"time_zone"`
	DailyCap  int        `db:"daily_cap" json:"daily_cap"`
	Active    bool       `db:"active" json:"active"`
	HasFeed   bool       `db:"has_feed" json:"-"`
	Districts []District `db:"-" json:"districts"`
	Hours     []Hours    `db:"-" json:"hours"`
	Blocked   []string   `db:"-" json:"blocked_dates"` // YYYY-MM-DD
}

// Location is the installer's time zone.
func (i Installer) Location() *time.Location {
	if loc, err := time.LoadLocation(i.TimeZone); err == nil {
		return loc
	}
	return shanghai.Location
}

const installerSelect = `SELECT i.id, i.user_id, u.name, u.email, i.time_zone, i.daily_cap, i.active,
	i.calendar_token_hash IS NOT NULL AS has_feed
	FROM sched_installers i JOIN users u ON u.id = i.user_id`

// InstallerInput is what an admin sets on a profile.
type InstallerInput struct {
	UserID    int64
	TimeZone  string
	DailyCap  int
	Active    bool
	Districts []District
}

// SaveInstaller creates or updates the profile of an installer account
// (admin only); the districts replace the previous ones.
func (s *Service) SaveInstaller(ctx context.Context, actor auth.User, in InstallerInput, ip string) (Installer, error) {
	if actor.Role != auth.Admin {
		return Installer{}, apperr.ErrForbidden
	}
	if in.TimeZone == "" {
		in.TimeZone = DefaultTimeZone
	}
	f := map[string]string{}
	if _, err := time.LoadLocation(in.TimeZone); err != nil {
		f["time_zone"] = "scheduling.field.time_zone"
	}
	if in.DailyCap < 1 || in.DailyCap > 20 {
		f["daily_cap"] = "scheduling.field.daily_cap"
	}
	for _, d := range in.Districts {
		if d.Province == "" || d.City == "" || d.District == "" {
			f["districts"] = "scheduling.field.districts"
		}
	}
	var role string
	if err := s.db.Get(ctx, &role, `SELECT role FROM users WHERE id = ?`, in.UserID); err != nil || role != string(auth.Installer) {
		f["user_id"] = "scheduling.field.installer_account"
	}
	if len(f) > 0 {
		return Installer{}, apperr.Fields(f)
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		err := tx.Get(ctx, &id, `SELECT id FROM sched_installers WHERE user_id = ?`, in.UserID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.Get(ctx, &id, `INSERT INTO sched_installers (user_id, time_zone, daily_cap, active, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.UserID, in.TimeZone, in.DailyCap, in.Active, now, now)
		case err == nil:
			_, err = tx.Exec(ctx, `UPDATE sched_installers SET time_zone = ?, daily_cap = ?, active = ?, updated_at = ? WHERE id = ?`,
				in.TimeZone, in.DailyCap, in.Active, now, id)
		}
		if err != nil {
			return fmt.Errorf("save installer: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sched_installer_districts WHERE installer_id = ?`, id); err != nil {
			return err
		}
		seen := map[District]bool{}
		for _, d := range in.Districts {
			if seen[d] {
				continue
			}
			seen[d] = true
			if _, err := tx.Exec(ctx, `INSERT INTO sched_installer_districts (installer_id, province, city, district) VALUES (?, ?, ?, ?)`,
				id, d.Province, d.City, d.District); err != nil {
				return fmt.Errorf("save district: %w", err)
			}
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.installer.save",
			EntityType: "installer", EntityID: &id, IP: ip,
			Detail: map[string]any{"user_id": in.UserID, "districts": len(seen), "daily_cap": in.DailyCap, "active": in.Active}})
	})
	if err != nil {
		return Installer{}, err
	}
	return s.installer(ctx, s.db, id)
}

// Installers lists every profile (admin only).
func (s *Service) Installers(ctx context.Context, actor auth.User) ([]Installer, error) {
	if actor.Role != auth.Admin {
		return nil, apperr.ErrForbidden
	}
	var out []Installer
	if err := s.db.Select(ctx, &out, installerSelect+` ORDER BY u.name, i.id`); err != nil {
		return nil, fmt.Errorf("list installers: %w", err)
	}
	for i := range out {
		if err := s.fill(ctx, s.db, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Installer returns one profile: admins any, an installer only their own.
func (s *Service) Installer(ctx context.Context, actor auth.User, id int64) (Installer, error) {
	in, err := s.installer(ctx, s.db, id)
	if err != nil {
		return Installer{}, err
	}
	if actor.Role != auth.Admin && !(actor.Role == auth.Installer && in.UserID == actor.ID) {
		return Installer{}, apperr.ErrNotFound
	}
	return in, nil
}

// Me returns the signed-in installer's own profile.
func (s *Service) Me(ctx context.Context, actor auth.User) (Installer, error) {
	if actor.Role != auth.Installer {
		return Installer{}, apperr.ErrForbidden
	}
	var id int64
	err := s.db.Get(ctx, &id, `SELECT id FROM sched_installers WHERE user_id = ?`, actor.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return Installer{}, apperr.New(apperr.NotFound, "scheduling.error.no_profile")
	}
	if err != nil {
		return Installer{}, err
	}
	return s.installer(ctx, s.db, id)
}

func (s *Service) installer(ctx context.Context, q db.Querier, id int64) (Installer, error) {
	var in Installer
	err := q.Get(ctx, &in, installerSelect+` WHERE i.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Installer{}, apperr.ErrNotFound
	}
	if err != nil {
		return Installer{}, fmt.Errorf("load installer: %w", err)
	}
	return in, s.fill(ctx, q, &in)
}

func (s *Service) fill(ctx context.Context, q db.Querier, in *Installer) error {
	if err := q.Select(ctx, &in.Districts, `SELECT province, city, district FROM sched_installer_districts
		WHERE installer_id = ? ORDER BY province, city, district`, in.ID); err != nil {
		return fmt.Errorf("installer districts: %w", err)
	}
	if err := q.Select(ctx, &in.Hours, `SELECT weekday, start_minute, end_minute FROM sched_installer_hours
		WHERE installer_id = ? ORDER BY weekday`, in.ID); err != nil {
		return fmt.Errorf("installer hours: %w", err)
	}
	if err := q.Select(ctx, &in.Blocked, `SELECT day FROM sched_installer_blocked WHERE installer_id = ? ORDER BY day`, in.ID); err != nil {
		return fmt.Errorf("installer blocked dates: %w", err)
	}
	return nil
}

// mayEdit reports whether actor may change installer id's hours and
// blocked dates: an admin, or the installer themselves.
func (s *Service) mayEdit(ctx context.Context, actor auth.User, id int64) error {
	_, err := s.Installer(ctx, actor, id)
	return err
}

// SetAvailability replaces an installer's weekly hours and blocked dates
// (the installer themselves or an admin).
func (s *Service) SetAvailability(ctx context.Context, actor auth.User, id int64, hours []Hours, blocked []string, ip string) (Installer, error) {
	if err := s.mayEdit(ctx, actor, id); err != nil {
		return Installer{}, err
	}
	f := map[string]string{}
	seenDay := map[time.Weekday]bool{}
	for _, h := range hours {
		if h.Weekday < 0 || h.Weekday > 6 || h.Start < 0 || h.End > 24*60 || h.Start >= h.End || seenDay[h.Weekday] {
			f[fmt.Sprintf("hours_%d", h.Weekday)] = "scheduling.field.hours"
		}
		seenDay[h.Weekday] = true
	}
	days := map[string]bool{}
	for _, d := range blocked {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			f["blocked"] = "scheduling.field.blocked"
			continue
		}
		days[d] = true
	}
	if len(f) > 0 {
		return Installer{}, apperr.Fields(f)
	}
	sorted := make([]string, 0, len(days))
	for d := range days {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `DELETE FROM sched_installer_hours WHERE installer_id = ?`, id); err != nil {
			return err
		}
		for _, h := range hours {
			if _, err := tx.Exec(ctx, `INSERT INTO sched_installer_hours (installer_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)`,
				id, int(h.Weekday), h.Start, h.End); err != nil {
				return fmt.Errorf("save hours: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sched_installer_blocked WHERE installer_id = ?`, id); err != nil {
			return err
		}
		for _, d := range sorted {
			if _, err := tx.Exec(ctx, `INSERT INTO sched_installer_blocked (installer_id, day) VALUES (?, ?)`, id, d); err != nil {
				return fmt.Errorf("save blocked date: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE sched_installers SET updated_at = ? WHERE id = ?`, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.installer.availability",
			EntityType: "installer", EntityID: &id, IP: ip, Detail: map[string]any{"weekdays": len(hours), "blocked": sorted}})
	})
	if err != nil {
		return Installer{}, err
	}
	return s.installer(ctx, s.db, id)
}
