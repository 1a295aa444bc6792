package db

import (
	"context"
	"time"
)

// Limits bound how long the portal waits for its database and how many
// connections it holds, so a frozen or overloaded database turns into quick
// 503s instead of requests that hang until the client gives up.
type Limits struct {
	// ConnectTimeout bounds TCP connect plus the PostgreSQL startup
	// handshake (lib/pq connect_timeout).
	ConnectTimeout time.Duration
	// StatementTimeout, LockTimeout and IdleInTxTimeout are PostgreSQL
	// session settings sent at connect (statement_timeout, lock_timeout,
	// idle_in_transaction_session_timeout): the server's own guards against
	// a runaway query, a lock queue and a transaction left open. A value in
	// the database URL wins.
	StatementTimeout time.Duration
	LockTimeout      time.Duration
	IdleInTxTimeout  time.Duration
	// CallTimeout is the client-side deadline of one Get, Select or Exec and
	// TxTimeout that of one InTx, on both databases. When it passes, a
	// PostgreSQL connection blocked on a silent socket is cut and discarded
	// (lib/pq alone would keep waiting for bytes that never come).
	CallTimeout time.Duration
	TxTimeout   time.Duration
	// KeepAlive is the TCP keep-alive idle time on PostgreSQL sockets, so a
	// peer that vanished is noticed on idle pooled connections too.
	KeepAlive time.Duration
	// Pool limits for PostgreSQL.
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	ConnMaxIdleTime time.Duration
}

// DefaultLimits suit an OLTP portal whose queries take milliseconds: any
// database wait ends within about ten seconds.
func DefaultLimits() Limits {
	return Limits{
		ConnectTimeout:   5 * time.Second,
		StatementTimeout: 10 * time.Second,
		LockTimeout:      5 * time.Second,
		IdleInTxTimeout:  60 * time.Second,
		CallTimeout:      10 * time.Second,
		TxTimeout:        20 * time.Second,
		KeepAlive:        30 * time.Second,
		MaxOpenConns:     20,
		MaxIdleConns:     10,
		ConnMaxLifetime:  30 * time.Minute,
		ConnMaxIdleTime:  5 * time.Minute,
	}
}

// within returns ctx bounded by limit; an earlier deadline of ctx stays.
func within(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	if limit <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, limit)
}
