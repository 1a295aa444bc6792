package blob

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestDiscardAfterFailedCommit is the pattern every caller follows: store
// the bytes first (outside the transaction), record them in a transaction,
// and Discard the object when that transaction fails, so no object outlives
// its missing row.
func TestDiscardAfterFailedCommit(t *testing.T) {
	eachStore(t, func(t *testing.T, store *testStore) {
		ctx := context.Background()
		d := dbtest.SQLite(t)
		if _, err := d.Exec(ctx, `CREATE TABLE docs (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE)`); err != nil {
			t.Fatal(err)
		}
		// addDocument is what a domain service's use case looks like.
		addDocument := func(body []byte, failAfterInsert error) error {
			obj, err := store.Put(ctx, bytes.NewReader(body), 1<<20)
			if err != nil {
				return err // nothing was stored
			}
			err = d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO docs (key, sha256) VALUES (?, ?)`, obj.Key, obj.SHA256); err != nil {
					return err
				}
				return failAfterInsert
			})
			if err != nil {
				if derr := obj.Discard(ctx, store); derr != nil {
					t.Errorf("discard: %v", derr)
				}
				return err
			}
			return nil
		}

		// The transaction fails after its insert: rolled back, object removed.
		auditFailed := errors.New("audit event refused")
		if err := addDocument(pdfOf(5000), auditFailed); !errors.Is(err, auditFailed) {
			t.Fatalf("got %v, want the transaction's error", err)
		}
		var rows int
		if err := d.Get(ctx, &rows, `SELECT COUNT(*) FROM docs`); err != nil {
			t.Fatal(err)
		}
		if rows != 0 {
			t.Errorf("%d rows after rollback", rows)
		}
		wantNothingStored(t, store)

		// A constraint the database enforces (the same bytes twice) fails the
		// second upload: its object goes, the first one's stays.
		if err := addDocument(pngOf(3000), nil); err != nil {
			t.Fatal(err)
		}
		if err := addDocument(pngOf(3000), nil); !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate: %v, want a unique violation", err)
		}
		var key string
		if err := d.Get(ctx, &key, `SELECT key FROM docs`); err != nil {
			t.Fatal(err)
		}
		if got := store.stored(t); len(got) != 1 {
			t.Errorf("stored after a duplicate: %v, want just the first object", names(got))
		}
		if !bytes.Equal(readAll(t, store, key), pngOf(3000)) {
			t.Error("the committed object's bytes changed")
		}
	})
}

// A client hanging up cancels the request's context and fails the
// transaction; the clean-up must still happen, on S3 too, whose calls fail
// once their context is cancelled.
func TestDiscardWorksAfterTheRequestIsCancelled(t *testing.T) {
	eachStore(t, func(t *testing.T, store *testStore) {
		obj := put(t, store, jpegOf(100))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := obj.Discard(ctx, store); err != nil {
			t.Fatal(err)
		}
		wantNothingStored(t, store)
	})
}
