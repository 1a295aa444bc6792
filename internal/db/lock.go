package db

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"sync"
	"time"
)

// lockKey names an advisory lock for purpose within the connection's
// database and schema, so portals sharing a schema exclude each other
// while separate schemas (one per test) do not wait on one another.
func (d *DB) lockKey(ctx context.Context, purpose string) (int64, error) {
	var where string
	if err := d.x.GetContext(ctx, &where, `SELECT current_database() || '.' || coalesce(current_schema(), '')`); err != nil {
		return 0, fmt.Errorf("lock key: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("posportal." + purpose + "@" + where))
	return int64(h.Sum64()), nil
}

// lockPoll is how often WithLock retries a lock another instance holds.
const lockPoll = 200 * time.Millisecond

// sqliteLocks serialise WithLock on SQLite, whose database one process
// owns: purpose → *sync.Mutex.
var sqliteLocks sync.Map

// WithLock runs fn while holding the exclusive lock named purpose, shared
// by every portal instance on this database: on PostgreSQL a session
// advisory lock on a connection of its own (released by the server even
// if this process dies); on SQLite, which one process owns, a mutex.
// Start-up steps that write (defaults, demo data) use it so instances
// started together do them one after the other instead of colliding.
func (d *DB) WithLock(ctx context.Context, purpose string, fn func(ctx context.Context) error) (err error) {
	if d.Dialect != Postgres {
		m, _ := sqliteLocks.LoadOrStore(purpose, &sync.Mutex{})
		m.(*sync.Mutex).Lock()
		defer m.(*sync.Mutex).Unlock()
		return fn(ctx)
	}
	key, err := d.lockKey(ctx, purpose)
	if err != nil {
		return err
	}
	conn, err := d.x.Connx(ctx)
	if err != nil {
		return fmt.Errorf("lock %s: %w", purpose, err)
	}
	defer conn.Close()
	// Poll with pg_try_advisory_lock rather than wait in pg_advisory_lock:
	// a wait would be cut by the session's lock_timeout, which is sized for
	// requests, while seeding on another instance may rightly take longer.
	for {
		var got bool
		if err := conn.GetContext(ctx, &got, `SELECT pg_try_advisory_lock($1)`, key); err != nil {
			return fmt.Errorf("lock %s: %w", purpose, err)
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("lock %s: %w", purpose, ctx.Err())
		case <-time.After(lockPoll):
		}
	}
	defer func() {
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key); uerr != nil {
			// Never hand a session that may still hold the lock back to
			// the pool: closing it makes the server release the lock.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("unlock %s: %w", purpose, uerr)
			}
		}
	}()
	return fn(ctx)
}
