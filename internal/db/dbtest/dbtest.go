// Package dbtest gives store tests a fresh, migrated database of each
// dialect: SQLite in a temp dir always, and PostgreSQL at
// PORTAL_TEST_DATABASE_URL in a schema of its own, so tests run in parallel.
// With CI set, a missing or unreachable PostgreSQL fails the test run.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"posportal/internal/db"
)

// Each runs fn once per available dialect as subtests "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a fresh file.
func SQLite(tb testing.TB) *db.DB {
	tb.Helper()
	return open(tb, "sqlite:"+filepath.Join(tb.TempDir(), "test.db"))
}

// Postgres returns a migrated database in a fresh schema, dropped at the end
// of the test. It skips when PostgreSQL is not configured, unless CI is set.
func Postgres(tb testing.TB) *db.DB {
	tb.Helper()
	return open(tb, PostgresURL(tb))
}

// PostgresURL creates a fresh schema like Postgres and returns a URL whose
// search_path selects it, for tests that must open their own connection.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("PORTAL_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("PORTAL_TEST_DATABASE_URL is not set; CI requires the PostgreSQL store tests")
		}
		tb.Skip("PORTAL_TEST_DATABASE_URL not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := db.Open(ctx, base)
	if err != nil {
		tb.Fatalf("PostgreSQL at PORTAL_TEST_DATABASE_URL unreachable: %v", err)
	}
	defer admin.Close()
	schema := "t_" + randomHex(8)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a, err := db.Open(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer a.Close()
		if _, err := a.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSearchPath(tb, base, schema)
}

// WithSearchPath returns base with the connection's search_path set to schema.
func WithSearchPath(tb testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("PORTAL_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(tb testing.TB, url string) *db.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d, err := db.Open(ctx, url)
	if err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	tb.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return d
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
