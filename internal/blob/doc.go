// Package blob stores the merchants' documents and the portal's generated
// PDFs — the bytes, not their meaning. A Store takes a stream, checks on the
// way that it is a JPEG, PNG or PDF no larger than the caller's limit,
// computes its SHA-256 and keeps it under a random key; the database row
// that gives the bytes a meaning (application, kind, original filename)
// belongs to the caller.
//
// # Where the bytes go
//
// Open picks the store from PORTAL_BLOB_URL (SPEC §13): a directory
// (file:///abs/path, Local) or a bucket of any S3-compatible object store
// (s3://BUCKET[/PREFIX]?endpoint=…&region=…, S3). Either way the portal
// gets a Sealed store, which encrypts every object at rest: a random
// per-object key (age's file key; age's STREAM construction encrypts and
// authenticates the bytes in 64 KiB chunks) wrapped with AES-256-GCM by a
// data key from a KeyRing, whose id the object's header names. Reads
// decrypt while streaming; nothing holds a whole document in memory.
// Rotate re-wraps object keys under a new data key without re-encrypting a
// document; EncryptPlaintext encrypts objects written before encryption,
// which stay readable meanwhile. See envelope.go for the format.
//
// # No orphan after a failed commit
//
// Put stores the object completely before it returns (locally a temp file,
// fsync, rename, fsync of the directory; on S3 a multipart upload, which
// nobody sees until it is completed), and the caller then records it in
// its own transaction. The object is stored before the transaction begins
// on purpose: streaming 10 MiB from a slow client inside a write
// transaction would hold SQLite's writer lock (and a PostgreSQL
// connection) for the whole upload. If the transaction fails, the caller
// calls Object.Discard:
//
//	obj, err := store.Put(ctx, r, limit)
//	if err != nil {
//		return err // nothing was stored
//	}
//	if err := d.InTx(ctx, func(tx *db.Tx) error { return insertDocument(ctx, tx, obj) }); err != nil {
//		obj.Discard(ctx, store) // the row does not exist, so neither may the object
//		return err
//	}
//
// A Put that fails (refused type, over the limit, the client hanging up)
// leaves nothing: the temp file is removed, the multipart upload aborted.
// A process that dies mid-upload leaves a temp file or an unfinished
// upload, which the next start removes (a temp file at once, as no live
// process holds its lock; an S3 upload after an hour, as another instance
// may still be writing it). A process that dies between Put and the commit
// leaves an unreferenced object (never a row without its bytes); a sweep
// comparing Walk's keys with the database can collect those.
package blob
