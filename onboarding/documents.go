package onboarding

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
)

// Document is an uploaded file of one kind; its bytes live in the blob
// store under BlobKey, never in a served directory.
type Document struct {
	ID            int64      `db:"id" json:"id"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	MerchantID    int64      `db:"merchant_id" json:"-"`
	Kind          string     `db:"kind" json:"kind"`
	BlobKey       string     `db:"blob_key" json:"-"`
	Filename      string     `db:"filename" json:"filename"`
	ContentType   string     `db:"content_type" json:"content_type"`
	Size          int64      `db:"size" json:"size"`
	SHA256        string     `db:"sha256" json:"sha256"`
	Verdict       string     `db:"verdict" json:"verdict,omitempty"`
	VerdictReason string     `db:"verdict_reason" json:"verdict_reason,omitempty"`
	VerdictBy     *int64     `db:"verdict_by" json:"-"`
	ReplacedAt    *time.Time `db:"replaced_at" json:"replaced_at,omitempty"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
}

// IsImage reports whether the document can be previewed inline.
func (d Document) IsImage() bool { return strings.HasPrefix(d.ContentType, "image/") }

const documentColumns = `id, application_id, merchant_id, kind, blob_key, filename, content_type, size, sha256,
	verdict, verdict_reason, verdict_by, replaced_at, created_at`

// AddDocument records an object already written to the blob store as the
// application's document of kind. A new upload of a kind supersedes the
// previous one. When anything fails the object is deleted again, so no
// file outlives a failed transaction.
func (s *Service) AddDocument(ctx context.Context, actor auth.User, appID int64, kind, filename string, obj blob.Object, ip string) (doc Document, err error) {
	defer func() {
		if err != nil {
			_ = obj.Discard(ctx, s.blobs)
		}
	}()
	if !contains(DocumentKinds, kind) {
		return Document{}, apperr.Fields(map[string]string{"kind": "document.kind_invalid"})
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.editable(ctx, tx, actor, appID)
		if err != nil {
			return err
		}
		var dup int
		if err := tx.Get(ctx, &dup, `SELECT COUNT(*) FROM documents WHERE application_id = ? AND sha256 = ? AND replaced_at IS NULL`, a.ID, obj.SHA256); err != nil {
			return err
		}
		if dup > 0 {
			return &apperr.Error{Code: apperr.Conflict, Key: "document.duplicate"}
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE documents SET replaced_at = ? WHERE application_id = ? AND kind = ? AND replaced_at IS NULL`, now, a.ID, kind); err != nil {
			return fmt.Errorf("supersede document: %w", err)
		}
		doc = Document{ApplicationID: a.ID, MerchantID: a.MerchantID, Kind: kind, BlobKey: obj.Key, Filename: filename,
			ContentType: obj.ContentType, Size: obj.Size, SHA256: obj.SHA256, CreatedAt: now}
		err = tx.Get(ctx, &doc.ID, `INSERT INTO documents (application_id, merchant_id, kind, blob_key, filename, content_type, size, sha256, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			doc.ApplicationID, doc.MerchantID, doc.Kind, doc.BlobKey, doc.Filename, doc.ContentType, doc.Size, doc.SHA256, doc.CreatedAt)
		if db.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Key: "document.duplicate"}
		}
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "document.upload", EntityType: "document",
			EntityID: &doc.ID, MerchantID: &a.MerchantID, IP: ip, Detail: map[string]any{"application_id": a.ID, "kind": kind, "sha256": obj.SHA256}})
	})
	return doc, err
}

// CheckUpload tells a handler, before it reads a large body, whether the
// actor may upload to the application at all.
func (s *Service) CheckUpload(ctx context.Context, actor auth.User, appID int64) error {
	_, err := s.editable(ctx, s.db, actor, appID)
	return err
}

// MaxDocumentBytes is the per-file upload limit.
func (s *Service) MaxDocumentBytes() int64 { return s.limits.MaxDocumentBytes }

func (s *Service) editable(ctx context.Context, q db.Querier, actor auth.User, appID int64) (Application, error) {
	a, err := s.load(ctx, q, actor, appID)
	if err != nil {
		return Application{}, err
	}
	if actor.Role != auth.Merchant {
		return Application{}, apperr.ErrForbidden
	}
	if a.Status != Draft && a.Status != InfoRequested {
		return Application{}, &apperr.Error{Code: apperr.Conflict, Key: "application.not_editable"}
	}
	return a, nil
}

// Documents returns the application's current documents (superseded ones
// too when all is true), in kind order then newest first.
func (s *Service) Documents(ctx context.Context, actor auth.User, appID int64, all bool) ([]Document, error) {
	if _, err := s.Get(ctx, actor, appID); err != nil {
		return nil, err
	}
	where := "application_id = ? AND replaced_at IS NULL"
	if all {
		where = "application_id = ?"
	}
	var out []Document
	if err := s.db.Select(ctx, &out, `SELECT `+documentColumns+` FROM documents WHERE `+where+` ORDER BY kind, id DESC`, appID); err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

func (s *Service) document(ctx context.Context, q db.Querier, actor auth.User, appID, docID int64) (Application, Document, error) {
	a, err := s.load(ctx, q, actor, appID)
	if err != nil {
		return Application{}, Document{}, err
	}
	var d Document
	err = q.Get(ctx, &d, `SELECT `+documentColumns+` FROM documents WHERE id = ? AND application_id = ?`, docID, appID)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, Document{}, apperr.ErrNotFound
	}
	if err != nil {
		return Application{}, Document{}, fmt.Errorf("document: %w", err)
	}
	return a, d, nil
}

// ViewDocument authorizes a look at a document's bytes — its merchant or
// staff — and audits staff views; the caller streams the bytes from Blobs.
func (s *Service) ViewDocument(ctx context.Context, actor auth.User, appID, docID int64, ip string) (Document, error) {
	a, d, err := s.document(ctx, s.db, actor, appID, docID)
	if err != nil {
		return Document{}, err
	}
	if actor.Role != auth.Merchant {
		err := audit.Record(ctx, s.db, s.now(), audit.Event{ActorID: &actor.ID, Action: "document.view", EntityType: "document",
			EntityID: &d.ID, MerchantID: &a.MerchantID, IP: ip})
		if err != nil {
			return Document{}, err
		}
	}
	return d, nil
}

// Blobs is where document bytes live.
func (s *Service) Blobs() blob.Store { return s.blobs }

// DeleteDocument removes a document while the application is editable.
func (s *Service) DeleteDocument(ctx context.Context, actor auth.User, appID, docID int64, ip string) error {
	var key string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.editable(ctx, tx, actor, appID)
		if err != nil {
			return err
		}
		_, d, err := s.document(ctx, tx, actor, appID, docID)
		if err != nil {
			return err
		}
		if d.ReplacedAt != nil {
			return &apperr.Error{Code: apperr.Conflict, Key: "document.superseded"}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE id = ?`, d.ID); err != nil {
			return fmt.Errorf("delete document: %w", err)
		}
		key = d.BlobKey
		return audit.Record(ctx, tx, s.now(), audit.Event{ActorID: &actor.ID, Action: "document.delete", EntityType: "document",
			EntityID: &d.ID, MerchantID: &a.MerchantID, IP: ip})
	})
	if err != nil {
		return err
	}
	// The row is gone; the bytes follow. A failure here leaves an
	// unreferenced file, never a row without its file.
	return s.blobs.Delete(ctx, key)
}

// Verdicts a reviewer gives a document.
const (
	VerdictAccepted = "accepted"
	VerdictRejected = "rejected"
)

// SetVerdict records the claiming reviewer's verdict on one document; a
// rejection needs a reason code so the merchant knows what to fix.
func (s *Service) SetVerdict(ctx context.Context, actor auth.User, appID, docID int64, verdict, reason, ip string) (Document, error) {
	if actor.Role != auth.Reviewer {
		return Document{}, apperr.ErrForbidden
	}
	if verdict != VerdictAccepted && verdict != VerdictRejected {
		return Document{}, apperr.Fields(map[string]string{"verdict": "document.verdict_invalid"})
	}
	if verdict == VerdictRejected && !contains(ReasonCodes, reason) {
		return Document{}, apperr.Fields(map[string]string{"reason": "decision.reason_required"})
	}
	if verdict == VerdictAccepted {
		reason = ""
	}
	var d Document
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, doc, err := s.document(ctx, tx, actor, appID, docID)
		if err != nil {
			return err
		}
		if a.Status != InReview || a.Claimer() != actor.ID {
			return apperr.New(apperr.Forbidden, "application.not_your_claim")
		}
		if _, err := tx.Exec(ctx, `UPDATE documents SET verdict = ?, verdict_reason = ?, verdict_by = ? WHERE id = ?`, verdict, reason, actor.ID, doc.ID); err != nil {
			return fmt.Errorf("verdict: %w", err)
		}
		doc.Verdict, doc.VerdictReason, doc.VerdictBy = verdict, reason, &actor.ID
		d = doc
		return audit.Record(ctx, tx, s.now(), audit.Event{ActorID: &actor.ID, Action: "document.verdict", EntityType: "document",
			EntityID: &doc.ID, MerchantID: &a.MerchantID, IP: ip, Detail: map[string]any{"verdict": verdict, "reason": reason}})
	})
	return d, err
}
