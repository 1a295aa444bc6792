// Package multiinstance holds the test that runs the real portal binary
// as two processes on one PostgreSQL database and one S3 bucket, as a bank
// runs it behind a load balancer (§13): concurrent start-up on an empty
// database, sessions shared between instances, documents and contract PDFs
// stored by one and served by the other, encrypted in the bucket and never
// on a local disk, background jobs done once, and one instance carrying on
// when the other is killed. It has no code of its own.
package multiinstance
