package jobs

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/db"
)

// Periodic is a job that runs once per Every across all instances, on
// whichever instance polls first once it is due (the regression watch).
type Periodic struct {
	Name  string
	Every time.Duration
}

// RunPeriodic runs fn if p is due and no live claim holds it, and reports
// whether fn ran. Its run is recorded in job_runs (last run, last error,
// next run), so operators see which instance ran it and when. An instance
// dying during fn leaves a claim that lapses after the lease; the next
// instance to poll then runs the job.
func (w Worker) RunPeriodic(ctx context.Context, d *db.DB, now time.Time, p Periodic, fn func(ctx context.Context) error) (bool, error) {
	now = now.UTC()
	if _, err := d.Exec(ctx, `INSERT INTO job_runs (name, next_run_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, p.Name, now); err != nil {
		return false, fmt.Errorf("job %s: %w", p.Name, err)
	}
	token, ids, err := w.Claim(ctx, d, now, Claim{Table: "job_runs", LeaseColumn: "lease_until",
		Ready: `name = ? AND next_run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`,
		Args:  []any{p.Name, now, now}, Limit: 1})
	if err != nil || len(ids) == 0 {
		return false, err
	}
	runErr := fn(ctx)
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	}
	if _, err := d.Exec(context.WithoutCancel(ctx), `UPDATE job_runs SET lease_until = NULL, last_run_at = ?, next_run_at = ?, last_error = ?
		WHERE name = ? AND claimed_by = ?`, now, now.Add(p.Every), msg, p.Name, token); err != nil {
		return true, fmt.Errorf("job %s: %w", p.Name, err)
	}
	return true, runErr
}
