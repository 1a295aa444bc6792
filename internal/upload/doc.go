// Package upload is the HTTP side of document uploads (SPEC §2.2): Receive
// streams one multipart file part straight into a blob.Store under a size
// limit enforced before the body is read whole, and ServeAttachment sends a
// stored object back with the headers that keep a browser from executing
// it. Both work with net/http and with Gin (pass c.Writer and c.Request).
//
// Receive never calls ParseMultipartForm: that would buffer the whole body
// (in memory up to its threshold, then in a temp file of its own) before the
// handler sees a byte. Here the body passes once through a size cap, the
// multipart parser and blob.Store.Put, which sniffs, hashes and writes it as
// it arrives.
package upload
