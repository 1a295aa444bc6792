package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"posportal/migrations"
)

// Migrate applies every pending migration of the database's dialect.
func (d *DB) Migrate(ctx context.Context) error {
	dialect, dir := goose.DialectSQLite3, "sqlite"
	if d.Dialect == Postgres {
		dialect, dir = goose.DialectPostgres, "postgres"
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return fmt.Errorf("migrations %s: %w", dir, err)
	}
	p, err := goose.NewProvider(dialect, d.x.DB, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
