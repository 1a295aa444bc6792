package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"posportal/migrations"
)

// Migrate applies every pending migration of the database's dialect. On
// PostgreSQL it runs on a pool of its own without the request-sized
// statement and lock timeouts (rewriting a large table may rightly take
// longer than any page should), and holds a session advisory lock while it
// does, so instances started at the same moment on an empty database
// migrate one after the other instead of racing to create the same tables.
func (d *DB) Migrate(ctx context.Context) error {
	dialect, dir, pool := goose.DialectSQLite3, "sqlite", d.x.DB
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.Dialect == Postgres {
		lim := d.limits
		lim.StatementTimeout, lim.LockTimeout, lim.IdleInTxTimeout = 0, 0, 0
		x, err := openPostgres(d.url, lim)
		if err != nil {
			return err
		}
		defer x.Close()
		dialect, dir, pool = goose.DialectPostgres, "postgres", x.DB
		key, err := d.lockKey(ctx, "migrate")
		if err != nil {
			return err
		}
		// Poll every second for up to ten minutes: a long migration on a
		// big database keeps the other instances waiting, not failing.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(key), lock.WithLockTimeout(1, 600))
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return fmt.Errorf("migrations %s: %w", dir, err)
	}
	p, err := goose.NewProvider(dialect, pool, sub, opts...)
	if err != nil {
		return fmt.Errorf("migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
