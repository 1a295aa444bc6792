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
// and Discard the object when that transaction fails, so no file outlives
// its missing row.
func TestDiscardAfterFailedCommit(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	store := newStore(t)
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

	// The transaction fails after its insert: rolled back, file removed.
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
	wantNoFiles(t, store)

	// A constraint the database enforces (the same bytes twice) fails the
	// second upload: its file goes, the first one's stays.
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
	if got := files(t, store.dir); len(got) != 1 {
		t.Errorf("files after a duplicate: %v, want just the first object", got)
	}
	if !bytes.Equal(readAll(t, store, key), pngOf(3000)) {
		t.Error("the committed object's bytes changed")
	}
}

// remoteStore behaves like a network store (S3): its calls fail once their
// context is cancelled.
type remoteStore struct{ *Local }

func (r remoteStore) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return r.Local.Delete(ctx, key)
}

// A client hanging up cancels the request's context and fails the
// transaction; the clean-up must still happen.
func TestDiscardWorksAfterTheRequestIsCancelled(t *testing.T) {
	local := newStore(t)
	store := remoteStore{local}
	obj, err := store.Put(t.Context(), bytes.NewReader(jpegOf(100)), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := store.Delete(ctx, obj.Key); !errors.Is(err, context.Canceled) {
		t.Fatalf("the remote store ignores cancellation: %v", err)
	}
	if err := obj.Discard(ctx, store); err != nil {
		t.Fatal(err)
	}
	wantNoFiles(t, local)
}
