// Package jobs lets any number of portal instances share background work
// so that each piece is done once. An instance claims rows for a lease with
// one conditional UPDATE (on PostgreSQL its row choice uses FOR UPDATE SKIP
// LOCKED, so instances claiming at once take disjoint rows without waiting
// on each other); it finishes a row with an update conditional on its
// claim. A claim nobody finishes — the instance crashed or hung — lapses
// when its lease ends, and whichever instance polls next takes it over.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"time"

	"posportal/internal/db"
)

// DefaultLease is how long a claim holds. It is longer than any single
// piece of work may take (sends are cut off at half the lease), so a live
// instance never loses work it is still doing.
const DefaultLease = 2 * time.Minute

// Worker is one portal instance as the job tables see it.
type Worker struct {
	// ID names the instance in claimed_by columns, for operators.
	ID string
	// Lease is how long a claim holds before another instance may take
	// the work over.
	Lease time.Duration
}

// NewWorker returns a Worker named after this host and process; lease ≤ 0
// means DefaultLease.
func NewWorker(lease time.Duration) Worker {
	if lease <= 0 {
		lease = DefaultLease
	}
	host, _ := os.Hostname()
	return Worker{ID: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), randomHex(3)), Lease: lease}
}

// Claim describes the claimable rows of one table. Table and the column
// names are code constants, never input.
type Claim struct {
	// Table has an id primary key and a claimed_by column.
	Table string
	// LeaseColumn receives the lease's end; Ready must count a row whose
	// lease has ended as claimable.
	LeaseColumn string
	// Ready is the SQL condition for a row that may be claimed now, with
	// ? placeholders filled from Args.
	Ready string
	Args  []any
	// Limit caps the rows one claim takes.
	Limit int
}

// Claim takes up to c.Limit ready rows for one lease starting at now. It
// returns the claim's token — finish each row with an update conditional
// on claimed_by = token, which changes nothing if the lease lapsed and
// another instance took the row — and the ids claimed, ascending.
func (w Worker) Claim(ctx context.Context, d *db.DB, now time.Time, c Claim) (token string, ids []int64, err error) {
	token = w.ID + "/" + randomHex(6)
	skip := ""
	if d.Dialect == db.Postgres {
		skip = " FOR UPDATE SKIP LOCKED"
	}
	// Ready is checked again on the outer UPDATE: on PostgreSQL a row that
	// changed while we waited is re-evaluated against it, and on SQLite the
	// statement runs alone, so no row is ever claimed twice.
	q := `UPDATE ` + c.Table + ` SET claimed_by = ?, ` + c.LeaseColumn + ` = ?
		WHERE id IN (SELECT id FROM ` + c.Table + ` WHERE ` + c.Ready + ` ORDER BY id LIMIT ?` + skip + `)
		AND ` + c.Ready + ` RETURNING id`
	args := []any{token, now.Add(w.Lease).UTC()}
	args = append(args, c.Args...)
	args = append(args, c.Limit)
	args = append(args, c.Args...)
	if err := d.Select(ctx, &ids, q, args...); err != nil {
		return "", nil, fmt.Errorf("claim %s: %w", c.Table, err)
	}
	slices.Sort(ids)
	return token, ids, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
