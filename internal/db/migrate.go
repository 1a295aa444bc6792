package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"posportal/migrations"
)

// Migrate applies every pending migration of the database's dialect. On
// PostgreSQL it runs on a pool of its own without the request-sized
// statement and lock timeouts: rewriting a large table may rightly take
// longer than any page should.
func (d *DB) Migrate(ctx context.Context) error {
	dialect, dir, pool := goose.DialectSQLite3, "sqlite", d.x.DB
	if d.Dialect == Postgres {
		lim := d.limits
		lim.StatementTimeout, lim.LockTimeout, lim.IdleInTxTimeout = 0, 0, 0
		x, err := openPostgres(d.url, lim)
		if err != nil {
			return err
		}
		defer x.Close()
		dialect, dir, pool = goose.DialectPostgres, "postgres", x.DB
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return fmt.Errorf("migrations %s: %w", dir, err)
	}
	p, err := goose.NewProvider(dialect, pool, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
