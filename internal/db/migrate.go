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
// PostgreSQL it holds a session advisory lock while it does, so instances
// started at the same moment on an empty database migrate one after the
// other instead of racing to create the same tables.
func (d *DB) Migrate(ctx context.Context) error {
	dialect, dir := goose.DialectSQLite3, "sqlite"
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.Dialect == Postgres {
		dialect, dir = goose.DialectPostgres, "postgres"
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
	p, err := goose.NewProvider(dialect, d.x.DB, sub, opts...)
	if err != nil {
		return fmt.Errorf("migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
