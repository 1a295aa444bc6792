// Package blob stores the merchants' documents — the bytes, not their
// meaning. A Store takes a stream, checks on the way that it is a JPEG, PNG
// or PDF no larger than the caller's limit, computes its SHA-256 and keeps it
// under a random key; the database row that gives the bytes a meaning
// (application, kind, original filename) belongs to the caller.
//
// Local keeps objects in a directory on disk and is the default. SPEC §2.2
// also names S3-compatible object storage (MinIO) when configured: that is
// a second implementation of Store, deliberately not written yet because
// there is no server here to test it against. The interface is shaped for
// it: its Put would do with the bytes what Local.Put does (sniff the head,
// count and hash while streaming, refuse past the limit) but stream them
// into a multipart upload aborted on any error; Open would return the
// GetObject body, with Size from its Content-Length; Delete would be
// idempotent like S3's own. Callers would not change.
//
// # No orphan after a failed commit
//
// Put writes the object completely (temp file, fsync, rename, fsync of the
// directory) before it returns, and the caller then records it in its own
// transaction. The object is stored before the transaction begins on
// purpose: streaming 10 MiB from a slow client inside a write transaction
// would hold SQLite's writer lock (and a PostgreSQL connection) for the
// whole upload. If the transaction fails, the caller calls Object.Discard:
//
//	obj, err := store.Put(ctx, r, limit)
//	if err != nil {
//		return err // nothing was stored
//	}
//	if err := d.InTx(ctx, func(tx *db.Tx) error { return insertDocument(ctx, tx, obj) }); err != nil {
//		obj.Discard(ctx, store) // the row does not exist, so neither may the file
//		return err
//	}
//
// A process that dies between Put and the commit leaves an unreferenced
// object (never a row without its bytes); a sweep comparing keys with the
// database can collect those.
package blob
