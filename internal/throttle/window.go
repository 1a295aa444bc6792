// Package throttle counts failures per client address in fixed windows,
// in a table every portal instance shares, for the bearer-token checks
// (service tokens, device check-ins) that must not be hammered.
package throttle

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/db"
)

// Window allows Failures per client in each Window. Table has columns
// (client, window_start, failures) with (client, window_start) unique; it
// is the caller's constant, never input, so it is safe in the SQL text.
type Window struct {
	Table    string
	Failures int
	Window   time.Duration
}

// Over reports whether client has used up the window that holds now, and
// the time left in it. An address already over costs one read, no write.
func (w Window) Over(ctx context.Context, d *db.DB, client string, now time.Time) (bool, time.Duration, error) {
	start := now.UTC().Truncate(w.Window)
	var failures int
	if err := d.Get(ctx, &failures, `SELECT COALESCE(MAX(failures), 0) FROM `+w.Table+` WHERE client = ? AND window_start = ?`,
		client, start); err != nil {
		return false, 0, fmt.Errorf("%s: %w", w.Table, err)
	}
	return failures >= w.Failures, start.Add(w.Window).Sub(now), nil
}

// Count records one failure of client and reports whether it went past
// the limit, and the time left in the window. The count is one atomic
// upsert, so of any burst of concurrent failures at most Failures are
// within the limit. Rows of earlier windows are dropped on the way.
func (w Window) Count(ctx context.Context, d *db.DB, client string, now time.Time) (bool, time.Duration, error) {
	start := now.UTC().Truncate(w.Window)
	var failures int
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM `+w.Table+` WHERE window_start < ?`, start); err != nil {
			return err
		}
		return tx.Get(ctx, &failures, `INSERT INTO `+w.Table+` (client, window_start, failures) VALUES (?, ?, 1)
			ON CONFLICT (client, window_start) DO UPDATE SET failures = `+w.Table+`.failures + 1
			RETURNING failures`, client, start)
	})
	if err != nil {
		return false, 0, fmt.Errorf("count %s: %w", w.Table, err)
	}
	return failures > w.Failures, start.Add(w.Window).Sub(now), nil
}
