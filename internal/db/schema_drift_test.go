package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestDialectsEndWithTheSameSchema migrates a fresh SQLite and a fresh
// PostgreSQL database and compares every table's columns by name, type
// class and whether they accept NULL. The two migration folders are written by hand side by side; a
// column added to one only would work in the tests of that dialect and fail
// in production on the other.
func TestDialectsEndWithTheSameSchema(t *testing.T) {
	lite := columnsOf(t, dbtest.SQLite(t))
	pg := columnsOf(t, dbtest.Postgres(t))
	if len(lite) == 0 || len(pg) == 0 {
		t.Fatalf("no columns read: sqlite %d, postgres %d", len(lite), len(pg))
	}
	for _, d := range schemaDrift(lite, pg) {
		t.Error(d)
	}
}

// TestSchemaDriftIsReported: the comparison itself notices a column or
// table in one dialect only, a type that differs and a NOT NULL on one side.
func TestSchemaDriftIsReported(t *testing.T) {
	lite := map[string]string{"users.id": "integer", "users.email": "text", "users.nick": "text", "only_lite.id": "integer"}
	pg := map[string]string{"users.id": "integer", "users.email": "bytes"}
	lite["users.name"], pg["users.name"] = "text not null", "text"
	got := schemaDrift(lite, pg)
	want := []string{
		"only_lite.id: integer in SQLite, missing in PostgreSQL",
		"users.email: text in SQLite, bytes in PostgreSQL",
		"users.name: text not null in SQLite, text in PostgreSQL",
		"users.nick: text in SQLite, missing in PostgreSQL",
	}
	if !slices.Equal(got, want) {
		t.Errorf("drift =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// columnsOf maps "table.column" to its type class, followed by " not null"
// when the column refuses NULL, for every table the migrations made,
// leaving out goose's own bookkeeping.
func columnsOf(t *testing.T, d *db.DB) map[string]string {
	t.Helper()
	var rows []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
		Type   string `db:"data_type"`
		// NotNull counts a primary key column too: PostgreSQL makes
		// every key column NOT NULL, SQLite's pragma reports only the
		// constraint written out.
		NotNull bool `db:"not_null"`
	}
	q := `SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, (p."notnull" = 1 OR p.pk > 0) AS not_null
		FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	if d.Dialect == db.Postgres {
		q = `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO' AS not_null
			FROM information_schema.columns c JOIN information_schema.tables t
			ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'goose_db_version'`
	}
	if err := d.Select(context.Background(), &rows, q); err != nil {
		t.Fatalf("%s columns: %v", d.Dialect, err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		class := typeClass(r.Type)
		if r.NotNull {
			class += " not null"
		}
		out[r.Table+"."+r.Column] = class
	}
	return out
}

// typeClass folds a declared SQLite type or a PostgreSQL data_type into
// the kind of Go value it scans into, which is what the code relies on:
// INTEGER and BIGINT are both integers, TIMESTAMP and TIMESTAMPTZ both
// times. An unknown type keeps its own name, so it differs from anything.
func typeClass(declared string) string {
	t := strings.ToLower(strings.TrimSpace(declared))
	switch {
	case strings.Contains(t, "bool"):
		return "boolean"
	case strings.Contains(t, "timestamp"), strings.Contains(t, "datetime"), t == "date":
		return "timestamp"
	case strings.Contains(t, "int"), t == "serial", t == "bigserial":
		return "integer"
	case strings.Contains(t, "char"), strings.Contains(t, "text"), strings.Contains(t, "clob"), strings.HasPrefix(t, "json"):
		return "text"
	case t == "blob", t == "bytea":
		return "bytes"
	case t == "real", strings.Contains(t, "double"), strings.Contains(t, "float"), strings.HasPrefix(t, "numeric"), strings.HasPrefix(t, "decimal"):
		return "real"
	}
	return "unknown(" + t + ")"
}

// schemaDrift lists, in order, every column whose presence or type class
// differs between the dialects.
func schemaDrift(lite, pg map[string]string) []string {
	var out []string
	for col, lt := range lite {
		switch pt, ok := pg[col]; {
		case !ok:
			out = append(out, fmt.Sprintf("%s: %s in SQLite, missing in PostgreSQL", col, lt))
		case pt != lt:
			out = append(out, fmt.Sprintf("%s: %s in SQLite, %s in PostgreSQL", col, lt, pt))
		}
	}
	for col, pt := range pg {
		if _, ok := lite[col]; !ok {
			out = append(out, fmt.Sprintf("%s: missing in SQLite, %s in PostgreSQL", col, pt))
		}
	}
	slices.Sort(out)
	return out
}
