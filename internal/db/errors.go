package db

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database, so stores can turn it into a domain conflict.
func IsUniqueViolation(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// IsTimeout reports whether err means the database did not answer in time:
// a call's deadline passed, PostgreSQL cancelled a statement or gave up
// waiting for a lock, or SQLite stayed busy. The portal answers those with
// 503 — worth a retry — rather than 500.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "57014" || pe.Code == "55P03" // query_canceled, lock_not_available
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
