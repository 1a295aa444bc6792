package support

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
	"posportal/support/knowledge"
)

// SessionStatus is the §11 status of a troubleshooting session.
type SessionStatus string

// Session statuses.
const (
	Asking    SessionStatus = "asking"
	Diagnosed SessionStatus = "diagnosed"
	Resolved  SessionStatus = "resolved"
	Escalated SessionStatus = "escalated"
)

// Session is one walk through the troubleshooting flow for one device.
type Session struct {
	ID               int64         `db:"id"`
	MerchantID       int64         `db:"merchant_id"`
	DeviceID         int64         `db:"device_id"`
	KnowledgeVersion string        `db:"knowledge_version"`
	Status           SessionStatus `db:"status"`
	// Node is the question being asked, or the diagnosis the tree reached.
	// A context diagnosis leaves Node at the root question, so the merchant
	// can still walk the tree.
	Node            string    `db:"node"`
	DiagnosisID     string    `db:"diagnosis_id"`
	Steps           int       `db:"steps"`
	ContextJSON     string    `db:"context"`
	FirmwareVersion string    `db:"firmware_version"`
	ReleaseID       *int64    `db:"release_id"`
	ReportID        string    `db:"report_id"`
	TicketID        *int64    `db:"ticket_id"`
	CreatedAt       time.Time `db:"created_at"`
	UpdatedAt       time.Time `db:"updated_at"`

	Context    []Finding `db:"-"`
	Transcript []Step    `db:"-"`
	// Tree is the knowledge version the session was walked on.
	Tree *knowledge.Tree `db:"-"`
}

// Step is one answered question of the transcript.
type Step struct {
	Position  int       `db:"position" json:"position"`
	Node      string    `db:"node" json:"node"`
	Option    string    `db:"option_id" json:"option"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

const sessionColumns = `id, merchant_id, device_id, knowledge_version, status, node, diagnosis_id, steps, context,
	firmware_version, release_id, report_id, ticket_id, created_at, updated_at`

// Question returns the question to answer now, or nil.
func (ss *Session) Question() *knowledge.Question {
	if ss.Status != Asking && ss.Status != Diagnosed {
		return nil
	}
	n, err := ss.Tree.Node(ss.Node)
	if err != nil {
		return nil
	}
	q, _ := n.(*knowledge.Question)
	return q
}

// Diagnosis returns the diagnosis offered (by a context check or the
// tree), or nil while the flow is still asking.
func (ss *Session) Diagnosis() *knowledge.Diagnosis {
	if ss.DiagnosisID == "" {
		return nil
	}
	n, err := ss.Tree.Node(ss.DiagnosisID)
	if err != nil {
		return nil
	}
	d, _ := n.(*knowledge.Diagnosis)
	return d
}

// FromContext reports whether the diagnosis on offer came from a context
// check rather than the merchant's answers.
func (ss *Session) FromContext() bool { return ss.Question() != nil && ss.DiagnosisID != "" }

func newReportID(now time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return "DR-" + now.In(shanghai.Location).Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(b))
}

// StartSession begins troubleshooting a device of the merchant's. The
// context checks run first: when they find something, their diagnosis is
// offered at once while the first question stays open.
func (s *Service) StartSession(ctx context.Context, actor auth.User, deviceID int64, ip string) (Session, error) {
	if actor.Role != auth.Merchant {
		return Session{}, apperr.ErrForbidden
	}
	d, err := s.Device(ctx, actor, deviceID)
	if err != nil {
		return Session{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		findings, rel, err := s.contextChecks(ctx, tx, d, now)
		if err != nil {
			return err
		}
		status, diag := Asking, ""
		if len(findings) > 0 {
			status = Diagnosed
			diag, _ = findings[0].Check.DiagnosisID()
		}
		ctxJSON, err := json.Marshal(findings)
		if err != nil {
			return fmt.Errorf("context json: %w", err)
		}
		var relID *int64
		if rel != nil {
			relID = &rel.ID
		}
		err = tx.Get(ctx, &id, `INSERT INTO support_sessions (merchant_id, device_id, knowledge_version, status, node,
			diagnosis_id, context, firmware_version, release_id, report_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			actor.ID, d.ID, s.tree.Version(), status, s.tree.Root().ID, diag, string(ctxJSON), d.FirmwareVersion, relID,
			newReportID(now), now, now)
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		checks := make([]string, len(findings))
		for i, f := range findings {
			checks[i] = string(f.Check)
		}
		return record(ctx, tx, now, &actor, ip, "support.session.start", "session", id, &actor.ID,
			map[string]any{"device_id": d.ID, "context": checks})
	})
	if err != nil {
		return Session{}, err
	}
	return s.Session(ctx, actor, id)
}

// Session returns a session with its context and transcript: a merchant
// sees their own, an installer those behind tickets assigned to them, an
// admin all.
func (s *Service) Session(ctx context.Context, actor auth.User, id int64) (Session, error) {
	return s.session(ctx, s.db, actor, id)
}

func (s *Service) session(ctx context.Context, q db.Querier, actor auth.User, id int64) (Session, error) {
	var ss Session
	if err := notFound(q.Get(ctx, &ss, `SELECT `+sessionColumns+` FROM support_sessions WHERE id = ?`, id), "session"); err != nil {
		return Session{}, err
	}
	switch actor.Role {
	case auth.Admin:
	case auth.Merchant:
		if ss.MerchantID != actor.ID {
			return Session{}, apperr.ErrNotFound
		}
	case auth.Installer:
		ok, err := s.assignedTo(ctx, actor, `session_id = ?`, id)
		if err != nil {
			return Session{}, err
		}
		if !ok {
			return Session{}, apperr.ErrNotFound
		}
	default:
		return Session{}, apperr.ErrNotFound
	}
	if err := json.Unmarshal([]byte(ss.ContextJSON), &ss.Context); err != nil {
		return Session{}, fmt.Errorf("session context: %w", err)
	}
	if err := q.Select(ctx, &ss.Transcript, `SELECT position, node, option_id, created_at FROM support_session_steps
		WHERE session_id = ? ORDER BY position`, id); err != nil {
		return Session{}, fmt.Errorf("transcript: %w", err)
	}
	tree := s.tree
	if ss.KnowledgeVersion != tree.Version() {
		t, err := knowledge.LoadVersion(ss.KnowledgeVersion)
		if err != nil {
			return Session{}, fmt.Errorf("session knowledge: %w", err)
		}
		tree = t
	}
	ss.Tree = tree
	return ss, nil
}

// Answer records the answer to the session's current question. node, when
// not empty, is the question the answer was given to: a form re-posted
// from the browser's history names an old question and gets a conflict
// instead of corrupting the transcript.
func (s *Service) Answer(ctx context.Context, actor auth.User, id int64, node, option, ip string) (Session, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ss, err := s.session(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if actor.ID != ss.MerchantID {
			return apperr.ErrForbidden
		}
		q := ss.Question()
		if q == nil || (node != "" && node != ss.Node) {
			return apperr.New(apperr.Conflict, "support.error.stale_step")
		}
		next, err := ss.Tree.Next(q.ID, option)
		if errors.Is(err, knowledge.ErrUnknownOption) {
			return apperr.Fields(map[string]string{"option": "support.field.option"})
		}
		if err != nil {
			return fmt.Errorf("next node: %w", err)
		}
		status, diag := Asking, ""
		if d, ok := next.(*knowledge.Diagnosis); ok {
			status, diag = Diagnosed, d.ID
		}
		if err := s.moveSession(ctx, tx, actor, ss, sessionMove{to: status,
			set: `node = ?, diagnosis_id = ?, steps = steps + 1`, setArgs: []any{next.NodeID(), diag},
			detail: map[string]any{"node": next.NodeID()}, conflict: "support.error.stale_step"}, ip); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO support_session_steps (session_id, position, merchant_id, node, option_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, ss.Steps+1, ss.MerchantID, q.ID, option, now); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "support.error.stale_step")
			}
			return fmt.Errorf("transcript step: %w", err)
		}
		return nil
	})
	if err != nil {
		return Session{}, err
	}
	return s.Session(ctx, actor, id)
}

// Outcome closes a diagnosed session: resolved, or not — which opens a
// ticket carrying the transcript, prioritised by the diagnosis.
func (s *Service) Outcome(ctx context.Context, actor auth.User, id int64, resolved bool, ip string) (Session, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ss, err := s.session(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if actor.ID != ss.MerchantID {
			return apperr.ErrForbidden
		}
		to := Resolved
		if !resolved {
			to = Escalated
		}
		diag := ss.Diagnosis()
		if diag == nil || !ss.Status.CanMoveTo(to) {
			return apperr.New(apperr.Conflict, "support.error.no_diagnosis")
		}
		m := sessionMove{to: to, action: "support.session.outcome", conflict: "support.error.no_diagnosis",
			detail: map[string]any{"resolved": resolved, "diagnosis": diag.ID}}
		if !resolved {
			tid, err := s.insertTicket(ctx, tx, &actor, newTicket{
				merchantID: ss.MerchantID, deviceID: ss.DeviceID, sessionID: &ss.ID, priority: diag.Priority,
				category: string(diag.Category), diagnosisID: diag.ID, escalation: string(diag.Escalation),
			}, ip, s.now().UTC())
			if err != nil {
				return err
			}
			m.set, m.setArgs, m.detail["ticket_id"] = `ticket_id = ?`, []any{tid}, tid
		}
		return s.moveSession(ctx, tx, actor, ss, m, ip)
	})
	if err != nil {
		return Session{}, err
	}
	return s.Session(ctx, actor, id)
}

// Sessions lists the merchant's sessions, newest first.
func (s *Service) Sessions(ctx context.Context, actor auth.User) ([]Session, error) {
	var out []Session
	if err := s.db.Select(ctx, &out, `SELECT `+sessionColumns+` FROM support_sessions WHERE merchant_id = ?
		ORDER BY id DESC LIMIT 100`, actor.ID); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	for i := range out {
		out[i].Tree = s.tree
	}
	return out, nil
}
