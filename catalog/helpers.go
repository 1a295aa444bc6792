package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// checkName requires a non-blank name of at most maxNameLen runes.
func checkName(f map[string]string, field, v string) {
	switch {
	case v == "":
		f[field] = "field.required"
	case utf8.RuneCountInString(v) > maxNameLen:
		f[field] = "field.too_long"
	}
}

func notNegative(f map[string]string, field string, v int64) {
	if v < 0 {
		f[field] = "catalog.field.not_negative"
	}
}

// fieldsErr is nil for no field errors, so a valid input never becomes a
// non-nil error.
func fieldsErr(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Fields(f)
}

// nameTaken turns a unique violation on a name into a field error.
func nameTaken(err error, what string) error {
	if db.IsUniqueViolation(err) {
		return apperr.Fields(map[string]string{"name": "catalog.field.name.taken"})
	}
	return fmt.Errorf("%s: %w", what, err)
}

// updated checks that an UPDATE or DELETE found its row.
func updated(res sql.Result, err error, what string) error {
	if err != nil {
		return nameTaken(err, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

func count(ctx context.Context, q db.Querier, query string, args ...any) (int, error) {
	var n int
	if err := q.Get(ctx, &n, query, args...); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// inUse is err when the count failed, else the conflict named by key.
func inUse(err error, key string) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, key)
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	return "?" + strings.Repeat(", ?", n-1)
}

// int64Args converts ids to query arguments.
func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
