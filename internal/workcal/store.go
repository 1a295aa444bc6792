package workcal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

const dayColumns = `day, kind, name_zh, name_en, provisional, updated_by, updated_at`

// activeDays returns the live entries whose date starts with prefix
// ("" for all, "2027-" for one year), by date.
func activeDays(ctx context.Context, q db.Querier, prefix string) ([]Day, error) {
	var out []Day
	err := q.Select(ctx, &out, `SELECT `+dayColumns+` FROM calendar_days
		WHERE NOT deleted AND day LIKE ? ORDER BY day`, prefix+"%")
	if err != nil {
		return nil, fmt.Errorf("list calendar days: %w", err)
	}
	return out, nil
}

// activeDay returns the live entry for date, or apperr.ErrNotFound.
func activeDay(ctx context.Context, q db.Querier, date string) (Day, error) {
	var d Day
	err := q.Get(ctx, &d, `SELECT `+dayColumns+` FROM calendar_days WHERE day = ? AND NOT deleted`, date)
	if errors.Is(err, sql.ErrNoRows) {
		return Day{}, apperr.ErrNotFound
	}
	if err != nil {
		return Day{}, fmt.Errorf("calendar day %s: %w", date, err)
	}
	return d, nil
}

// insertMissing adds d unless a row for its date exists, live or deleted,
// and reports whether it did.
func insertMissing(ctx context.Context, q db.Querier, d Day, now time.Time) (bool, error) {
	res, err := q.Exec(ctx, `INSERT INTO calendar_days (day, kind, name_zh, name_en, provisional, deleted, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, FALSE, NULL, ?) ON CONFLICT (day) DO NOTHING`,
		d.Date, d.Kind, d.NameZH, d.NameEN, d.Provisional, now.UTC())
	if err != nil {
		return false, fmt.Errorf("seed calendar day %s: %w", d.Date, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// upsertDay writes an admin's entry, reviving a deleted one. What an admin
// enters is never provisional.
func upsertDay(ctx context.Context, q db.Querier, in DayInput, actorID int64, now time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO calendar_days (day, kind, name_zh, name_en, provisional, deleted, updated_by, updated_at)
		VALUES (?, ?, ?, ?, FALSE, FALSE, ?, ?)
		ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name_zh = excluded.name_zh, name_en = excluded.name_en,
			provisional = FALSE, deleted = FALSE, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		in.Date, in.Kind, in.NameZH, in.NameEN, actorID, now.UTC())
	if err != nil {
		return fmt.Errorf("set calendar day %s: %w", in.Date, err)
	}
	return nil
}

func markDeleted(ctx context.Context, q db.Querier, date string, actorID int64, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE calendar_days SET deleted = TRUE, updated_by = ?, updated_at = ? WHERE day = ?`,
		actorID, now.UTC(), date)
	if err != nil {
		return fmt.Errorf("delete calendar day %s: %w", date, err)
	}
	return nil
}

// confirmYear clears the provisional mark of year's entries and returns
// how many it cleared.
func confirmYear(ctx context.Context, q db.Querier, year int, actorID int64, now time.Time) (int, error) {
	res, err := q.Exec(ctx, `UPDATE calendar_days SET provisional = FALSE, updated_by = ?, updated_at = ?
		WHERE day LIKE ? AND provisional AND NOT deleted`, actorID, now.UTC(), yearPrefix(year)+"%")
	if err != nil {
		return 0, fmt.Errorf("confirm calendar %d: %w", year, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// yearsWithDays returns the years that have live entries, ascending.
func yearsWithDays(ctx context.Context, q db.Querier) ([]int, error) {
	var ys []string
	if err := q.Select(ctx, &ys, `SELECT DISTINCT substr(day, 1, 4) AS y FROM calendar_days WHERE NOT deleted ORDER BY y`); err != nil {
		return nil, fmt.Errorf("calendar years: %w", err)
	}
	out := make([]int, 0, len(ys))
	for _, y := range ys {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, fmt.Errorf("calendar year %q: %w", y, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// yearPrefix is how every date of year begins.
func yearPrefix(year int) string { return fmt.Sprintf("%04d-", year) }

// cacheVersion is the calendar's row in cache_versions, bumped by every
// edit so each instance's cache knows when to reload.
func cacheVersion(ctx context.Context, q db.Querier) (int64, error) {
	var v int64
	if err := q.Get(ctx, &v, `SELECT version FROM cache_versions WHERE name = 'workcal'`); err != nil {
		return 0, fmt.Errorf("calendar version: %w", err)
	}
	return v, nil
}

func bumpVersion(ctx context.Context, q db.Querier) error {
	if _, err := q.Exec(ctx, `UPDATE cache_versions SET version = version + 1 WHERE name = 'workcal'`); err != nil {
		return fmt.Errorf("calendar version: %w", err)
	}
	return nil
}
