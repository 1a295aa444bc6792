// Package multiinstance holds the test that runs the real portal binary
// as two processes on one PostgreSQL database, as a bank runs it behind a
// load balancer (§13): concurrent start-up on an empty database, sessions
// shared between instances, background jobs done once, and one instance
// carrying on when the other is killed. It has no code of its own.
package multiinstance
