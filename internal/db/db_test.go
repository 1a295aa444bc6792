package db_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestMigrateTwiceIsANoOp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if err := d.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
}

func TestUniqueViolationIsRecognised(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ins := `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, 'n', 'merchant', 'x', ?)`
		if _, err := d.Exec(ctx, ins, "a@b.c", time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		_, err := d.Exec(ctx, ins, "a@b.c", time.Now().UTC())
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
	})
}

func TestInTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('r@b.c', 'n', 'merchant', 'x', ?)`, time.Now().UTC()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("want boom, got %v", err)
		}
		var n int
		if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil || n != 0 {
			t.Fatalf("rows after rollback = %d, %v", n, err)
		}
	})
}

// Concurrent read-then-write transactions are the portal's normal write
// path; none of them may fail with "database is locked".
func TestConcurrentReadThenWriteTransactionsAllSucceed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const workers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					errs <- d.InTx(ctx, func(tx *db.Tx) error {
						var n int
						if err := tx.Get(ctx, &n, `SELECT COUNT(*) FROM login_failures`); err != nil {
							return err
						}
						_, err := tx.Exec(ctx, `INSERT INTO login_failures (email, ip, created_at) VALUES (?, ?, ?)`, "x@y.z", "127.0.0.1", time.Now().UTC())
						return err
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("transaction failed: %v", err)
			}
		}
		var n int
		if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM login_failures`); err != nil || n != workers*each {
			t.Fatalf("rows = %d, %v; want %d", n, err, workers*each)
		}
	})
}

func TestAuditEventsAreAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `INSERT INTO audit_events (created_at, action) VALUES (?, 'x')`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE audit_events SET action = 'y'`); err == nil {
			t.Error("UPDATE of audit_events succeeded")
		}
		if _, err := d.Exec(ctx, `DELETE FROM audit_events`); err == nil {
			t.Error("DELETE of audit_events succeeded")
		}
	})
}
