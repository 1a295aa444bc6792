package db

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// lib/pq honours a context by sending PostgreSQL a cancel request on a
// second connection, then keeps reading the first one. When the path to the
// server is silent (a frozen server, a black-holed network) neither answers,
// and the caller waits until TCP gives up — minutes. The connector below
// wraps each lib/pq connection so that the moment the caller's context ends,
// the socket's deadline is set in the past: the blocked read returns, the
// connection is marked bad and database/sql discards it.

// pastDeadline makes every pending and future I/O on a socket fail at once.
var pastDeadline = time.Unix(1, 0)

// pgConnector opens lib/pq connections guarded by the caller's context.
type pgConnector struct {
	cfg       pq.Config
	keepAlive time.Duration
}

// newPGConnector reads url and applies lim's timeouts where the URL sets none.
func newPGConnector(url string, lim Limits) (*pgConnector, error) {
	cfg, err := pq.NewConfig(url)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 && lim.ConnectTimeout > 0 {
		cfg.ConnectTimeout = lim.ConnectTimeout
	}
	rt := make(map[string]string, len(cfg.Runtime)+3)
	for k, v := range cfg.Runtime {
		rt[k] = v
	}
	for name, d := range map[string]time.Duration{
		"statement_timeout":                   lim.StatementTimeout,
		"lock_timeout":                        lim.LockTimeout,
		"idle_in_transaction_session_timeout": lim.IdleInTxTimeout,
	} {
		if _, set := rt[name]; !set && d > 0 {
			rt[name] = strconv.FormatInt(d.Milliseconds(), 10)
		}
	}
	cfg.Runtime = rt
	return &pgConnector{cfg: cfg, keepAlive: lim.KeepAlive}, nil
}

// Connect dials through a dialer of this connection's own, so the socket
// can be cut later; the handshake is cut too if ctx ends first.
func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	d := &socketDialer{connecting: true}
	d.d.KeepAliveConfig = net.KeepAliveConfig{Enable: c.keepAlive > 0, Idle: c.keepAlive, Interval: c.keepAlive / 3, Count: 3}
	pc, err := pq.NewConnectorConfig(c.cfg)
	if err != nil {
		return nil, err
	}
	pc.Dialer(d)
	cn := &pgConn{dialer: d}
	stop := context.AfterFunc(ctx, func() { cn.kill(ctx) })
	inner, err := pc.Connect(ctx)
	cut := !stop()
	d.connected()
	if err != nil {
		return nil, cn.explain(err)
	}
	if cut {
		inner.Close()
		return nil, cn.explain(driver.ErrBadConn)
	}
	cn.Conn = inner
	return cn, nil
}

// Driver returns lib/pq's driver.
func (c *pgConnector) Driver() driver.Driver { return pq.Driver{} }

// socketDialer remembers the socket a connection runs on. Dials after the
// handshake are lib/pq's cancel requests and are left alone.
type socketDialer struct {
	d          net.Dialer
	mu         sync.Mutex
	connecting bool
	sock       net.Conn
	cut        bool
}

func (s *socketDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := s.d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.connecting {
		s.sock = c // a retry (e.g. sslmode=prefer falling back) replaces the first
		if s.cut {
			c.SetDeadline(pastDeadline)
		}
	}
	return c, nil
}

func (s *socketDialer) Dial(network, addr string) (net.Conn, error) {
	return s.DialContext(context.Background(), network, addr)
}

func (s *socketDialer) DialTimeout(network, addr string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return s.DialContext(ctx, network, addr)
}

func (s *socketDialer) connected() {
	s.mu.Lock()
	s.connecting = false
	s.mu.Unlock()
}

func (s *socketDialer) cutSocket() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cut = true
	if s.sock != nil {
		s.sock.SetDeadline(pastDeadline)
	}
}

// pgConn is a lib/pq connection whose socket is cut when the context of
// the call running on it ends.
type pgConn struct {
	driver.Conn
	dialer *socketDialer
	dead   atomic.Bool
	cause  atomic.Value // error: the context error that cut the socket
}

func (c *pgConn) kill(ctx context.Context) {
	c.cause.Store(ctx.Err())
	c.dead.Store(true)
	c.dialer.cutSocket()
}

// guard cuts the socket if ctx ends before stop is called.
func (c *pgConn) guard(ctx context.Context) (stop func() bool) {
	return context.AfterFunc(ctx, func() { c.kill(ctx) })
}

// explain replaces the I/O error of a cut socket with the context error
// that caused it, so callers see a deadline (503), not a broken pipe — and
// database/sql does not retry an ErrBadConn on a context already over.
func (c *pgConn) explain(err error) error {
	if err == nil || !c.dead.Load() {
		return err
	}
	cause, _ := c.cause.Load().(error)
	if cause == nil {
		cause = context.DeadlineExceeded
	}
	return fmt.Errorf("postgres connection cut: %w (%v)", cause, err)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	stop := c.guard(ctx)
	rows, err := c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	if err != nil {
		stop()
		return nil, c.explain(err)
	}
	return &pgRows{Rows: rows, conn: c, stop: stop}, nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	defer c.guard(ctx)()
	res, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	return res, c.explain(err)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	defer c.guard(ctx)()
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	return st, c.explain(err)
}

// BeginTx keeps the guard for the transaction's whole life: database/sql
// rolls back when the transaction's context ends, and that rollback must
// not wait on a silent socket either.
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	stop := c.guard(ctx)
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		stop()
		return nil, c.explain(err)
	}
	return &pgTx{Tx: tx, conn: c, stop: stop}, nil
}

func (c *pgConn) Ping(ctx context.Context) error {
	defer c.guard(ctx)()
	return c.explain(c.Conn.(driver.Pinger).Ping(ctx))
}

func (c *pgConn) ResetSession(ctx context.Context) error {
	if c.dead.Load() {
		return driver.ErrBadConn
	}
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *pgConn) IsValid() bool {
	return !c.dead.Load() && c.Conn.(driver.Validator).IsValid()
}

func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}

// pgRows keeps its query's guard until the rows are closed: rows stream
// from the socket as they are read.
type pgRows struct {
	driver.Rows
	conn *pgConn
	stop func() bool
}

func (r *pgRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err == io.EOF {
		return err
	}
	return r.conn.explain(err)
}

func (r *pgRows) Close() error {
	err := r.Rows.Close()
	r.stop()
	return r.conn.explain(err)
}

type pgTx struct {
	driver.Tx
	conn *pgConn
	stop func() bool
}

func (t *pgTx) Commit() error {
	err := t.Tx.Commit()
	t.stop()
	return t.conn.explain(err)
}

func (t *pgTx) Rollback() error {
	err := t.Tx.Rollback()
	t.stop()
	return t.conn.explain(err)
}
