// Package db opens the portal's database — SQLite (embedded default) or
// PostgreSQL — applies the embedded migrations and runs transactions. Stores
// write SQL with ? placeholders; DB and Tx rebind them for the dialect.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Dialect names the SQL flavour behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

func init() {
	// sqlx does not know modernc's driver name; without this it would leave
	// ? placeholders alone on PostgreSQL-style rebinding decisions.
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
}

// DB is a connection pool plus the dialect it speaks.
type DB struct {
	x       *sqlx.DB
	Dialect Dialect
	limits  Limits
	url     string
}

// sqlitePragmas are the settings verified to give zero SQLITE_BUSY under
// concurrent read-then-write transactions: WAL for concurrent readers, a busy
// timeout, and BEGIN IMMEDIATE so writers queue instead of failing on upgrade.
// The busy wait is bounded by CallTimeout/TxTimeout too: modernc interrupts
// a statement when its context ends.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"

// Open connects to url with DefaultLimits: postgres:// or postgresql://
// selects PostgreSQL; "sqlite:PATH" or a bare path selects SQLite. It does
// not migrate.
func Open(ctx context.Context, url string) (*DB, error) { return OpenWith(ctx, url, DefaultLimits()) }

// OpenWith is Open with explicit timeouts and pool limits.
func OpenWith(ctx context.Context, url string, lim Limits) (*DB, error) {
	var d *DB
	switch {
	case isPostgresURL(url):
		x, err := openPostgres(url, lim)
		if err != nil {
			return nil, err
		}
		d = &DB{x: x, Dialect: Postgres}
	default:
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("open sqlite: empty path")
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		x, err := sqlx.Open("sqlite", "file:"+path+sep+sqlitePragmas)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		x.SetMaxOpenConns(8)
		d = &DB{x: x, Dialect: SQLite}
	}
	d.limits, d.url = lim, url
	ctx, cancel := within(ctx, lim.ConnectTimeout+lim.CallTimeout)
	defer cancel()
	if err := d.x.PingContext(ctx); err != nil {
		d.x.Close()
		return nil, fmt.Errorf("connect %s: %w", d.Dialect, err)
	}
	return d, nil
}

func isPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

func openPostgres(url string, lim Limits) (*sqlx.DB, error) {
	conn, err := newPGConnector(url, lim)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	x := sqlx.NewDb(sql.OpenDB(conn), "postgres")
	x.SetMaxOpenConns(lim.MaxOpenConns)
	x.SetMaxIdleConns(lim.MaxIdleConns)
	x.SetConnMaxLifetime(lim.ConnMaxLifetime)
	x.SetConnMaxIdleTime(lim.ConnMaxIdleTime)
	return x, nil
}

// Close releases the pool.
func (d *DB) Close() error { return d.x.Close() }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := within(ctx, d.limits.CallTimeout)
	defer cancel()
	return d.x.PingContext(ctx)
}

// SQL exposes the underlying pool for libraries that need database/sql.
func (d *DB) SQL() *sql.DB { return d.x.DB }

// Get runs query and scans one row into dest; sql.ErrNoRows when none.
func (d *DB) Get(ctx context.Context, dest any, query string, args ...any) error {
	ctx, cancel := within(ctx, d.limits.CallTimeout)
	defer cancel()
	return d.x.GetContext(ctx, dest, d.x.Rebind(query), args...)
}

// Select runs query and scans all rows into dest (a slice pointer).
func (d *DB) Select(ctx context.Context, dest any, query string, args ...any) error {
	ctx, cancel := within(ctx, d.limits.CallTimeout)
	defer cancel()
	return d.x.SelectContext(ctx, dest, d.x.Rebind(query), args...)
}

// Exec runs a statement.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, cancel := within(ctx, d.limits.CallTimeout)
	defer cancel()
	return d.x.ExecContext(ctx, d.x.Rebind(query), args...)
}

// InTx runs fn in one transaction, committing when fn returns nil and
// rolling back otherwise (also on panic).
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	ctx, cancel := within(ctx, d.limits.TxTimeout)
	defer cancel()
	x, err := d.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			x.Rollback()
			panic(p)
		}
		if err != nil {
			x.Rollback()
		}
	}()
	if err = fn(&Tx{x: x, Dialect: d.Dialect, limits: d.limits}); err != nil {
		return err
	}
	if err = x.Commit(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			// database/sql rolled back when the deadline passed; say so.
			return fmt.Errorf("commit: %w", cerr)
		}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Tx is one transaction; its methods mirror DB's.
type Tx struct {
	x       *sqlx.Tx
	Dialect Dialect
	limits  Limits
}

// Get runs query and scans one row into dest; sql.ErrNoRows when none.
func (t *Tx) Get(ctx context.Context, dest any, query string, args ...any) error {
	ctx, cancel := within(ctx, t.limits.CallTimeout)
	defer cancel()
	return t.x.GetContext(ctx, dest, t.x.Rebind(query), args...)
}

// Select runs query and scans all rows into dest (a slice pointer).
func (t *Tx) Select(ctx context.Context, dest any, query string, args ...any) error {
	ctx, cancel := within(ctx, t.limits.CallTimeout)
	defer cancel()
	return t.x.SelectContext(ctx, dest, t.x.Rebind(query), args...)
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, cancel := within(ctx, t.limits.CallTimeout)
	defer cancel()
	return t.x.ExecContext(ctx, t.x.Rebind(query), args...)
}

// Querier is what both DB and Tx offer, so helpers can run inside or
// outside a transaction.
type Querier interface {
	Get(ctx context.Context, dest any, query string, args ...any) error
	Select(ctx context.Context, dest any, query string, args ...any) error
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
}
