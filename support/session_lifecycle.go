package support

import (
	"context"
	"fmt"
	"slices"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// SessionStatuses lists every troubleshooting status in flow order.
var SessionStatuses = []SessionStatus{Asking, Diagnosed, Resolved, Escalated}

// sessionMoves is the troubleshooting lifecycle, the one table of where a
// session may go from each status. An answer leads to the next question
// (asking) or to a diagnosis; a diagnosis a context check offered leaves
// the first question open, so answering it may go back to asking. Only a
// diagnosed session takes an outcome, and an outcome is final.
var sessionMoves = map[SessionStatus][]SessionStatus{
	Asking:    {Asking, Diagnosed},
	Diagnosed: {Asking, Diagnosed, Resolved, Escalated},
	Resolved:  nil,
	Escalated: nil,
}

// CanMoveTo reports whether a session in st may move to to.
func (st SessionStatus) CanMoveTo(to SessionStatus) bool {
	return slices.Contains(sessionMoves[st], to)
}

// sessionMove is one step of a session: where it goes, the columns that
// change with it, its audit action and detail, and the message a refused
// or lost move answers with.
type sessionMove struct {
	to      SessionStatus
	set     string // "col = ?, …" without status and updated_at
	setArgs []any
	// action defaults to "support.session.<to>" when the status changes;
	// an answer that leads to the next question is not audited, the
	// transcript is its history.
	action   string
	detail   map[string]any
	conflict string
}

// moveSession applies m to ss inside tx, per sessionMoves: one conditional
// update on the status and the step count, so a form re-posted from the
// browser's history or a second tab changes nothing and answers 409, and
// the audit event.
func (s *Service) moveSession(ctx context.Context, tx *db.Tx, actor auth.User, ss Session, m sessionMove, ip string) error {
	if !ss.Status.CanMoveTo(m.to) {
		return apperr.New(apperr.Conflict, m.conflict)
	}
	now := s.now().UTC()
	set := m.set
	if set != "" {
		set += ", "
	}
	args := append(slices.Clone(m.setArgs), m.to, now, ss.ID, ss.Status, ss.Steps)
	res, err := tx.Exec(ctx, `UPDATE support_sessions SET `+set+`status = ?, updated_at = ? WHERE id = ? AND status = ? AND steps = ?`, args...)
	if err != nil {
		return fmt.Errorf("session %s: %w", m.to, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("session %s: %w", m.to, err)
	} else if n != 1 {
		return apperr.New(apperr.Conflict, m.conflict)
	}
	action := m.action
	if action == "" && m.to != ss.Status {
		action = "support.session." + string(m.to)
	}
	if action == "" {
		return nil
	}
	detail := map[string]any{"from": ss.Status, "to": m.to}
	for k, v := range m.detail {
		detail[k] = v
	}
	return record(ctx, tx, now, &actor, ip, action, "session", ss.ID, &ss.MerchantID, detail)
}
