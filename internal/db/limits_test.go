package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// PostgreSQL sessions carry the server-side timeouts, a value in the URL
// wins, and a statement over the limit is a timeout (503), not a 500.
func TestPostgresSessionsCarryTimeouts(t *testing.T) {
	url := dbtest.PostgresURL(t)
	lim := db.DefaultLimits()
	lim.StatementTimeout = 300 * time.Millisecond
	ctx := context.Background()
	d, err := db.OpenWith(ctx, url, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for setting, want := range map[string]string{"statement_timeout": "300ms", "lock_timeout": "5s", "idle_in_transaction_session_timeout": "1min"} {
		var got string
		if err := d.Get(ctx, &got, "SHOW "+setting); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", setting, got, err, want)
		}
	}
	_, err = d.Exec(ctx, `SELECT pg_sleep(5)`)
	if !db.IsTimeout(err) {
		t.Fatalf("slow statement: %v, want a timeout", err)
	}

	own, err := db.OpenWith(ctx, url+"&statement_timeout=1234", lim)
	if err != nil {
		t.Fatal(err)
	}
	defer own.Close()
	var got string
	if err := own.Get(ctx, &got, "SHOW statement_timeout"); err != nil || got != "1234ms" {
		t.Fatalf("URL statement_timeout: %q %v", got, err)
	}
}

// SQLite's busy wait ends with the call's deadline, whatever busy_timeout
// says, so a held write lock cannot hold a request for longer.
func TestSQLiteBusyWaitEndsAtTheDeadline(t *testing.T) {
	lim := db.DefaultLimits()
	lim.TxTimeout = 300 * time.Millisecond
	ctx := context.Background()
	d, err := db.OpenWith(ctx, "sqlite:"+filepath.Join(t.TempDir(), "busy.db"), lim)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	locked, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- d.InTx(context.Background(), func(*db.Tx) error { close(locked); <-release; return nil })
	}()
	<-locked
	err = d.InTx(ctx, func(*db.Tx) error { return nil })
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) || !db.IsTimeout(err) {
		t.Fatalf("second writer: %v, want the deadline", err)
	}
	// The holder's own outcome is not asserted: database/sql rolls back an
	// expired transaction from a goroutine of its own, which may lose the
	// race with the holder's commit.
	<-held
}
