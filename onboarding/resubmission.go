package onboarding

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"posportal/internal/auth"
	"posportal/internal/db"
)

// OpenRequest is what the reviewer asked for while the application waits
// on the merchant (§16 open_request).
type OpenRequest struct {
	ReasonCode  string    `json:"reason_code"`
	Comment     string    `json:"comment"`
	Fields      []string  `json:"fields"`
	Documents   []string  `json:"documents"`
	RequestedAt time.Time `json:"requested_at"`
}

// MaxReplyRunes bounds the merchant's written reply to a request.
const MaxReplyRunes = 2000

// OpenRequest returns the reviewer's request while the application is
// info_requested; nil (§16's null) means none is open, not an error.
func (s *Service) OpenRequest(ctx context.Context, actor auth.User, id int64) (*OpenRequest, error) {
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.openRequestOf(ctx, s.db, a)
}

func (s *Service) openRequestOf(ctx context.Context, q db.Querier, a Application) (*OpenRequest, error) {
	if a.Status != InfoRequested {
		return nil, nil
	}
	e, found, err := lastEvent(ctx, q, a.ID, EvRequestInfo)
	if err != nil || !found {
		return nil, err
	}
	r := e.Requested()
	req := &OpenRequest{ReasonCode: e.ReasonCode, Comment: e.Comment, Fields: r.Fields, Documents: r.Documents, RequestedAt: e.CreatedAt}
	if req.Fields == nil {
		req.Fields = []string{}
	}
	if req.Documents == nil {
		req.Documents = []string{}
	}
	return req, nil
}

// lastEvent is the application's latest ev; found is false when it never
// happened.
func lastEvent(ctx context.Context, q db.Querier, appID int64, ev Event) (e HistoryEvent, found bool, err error) {
	err = q.Get(ctx, &e, `SELECT id, event, from_status, to_status, actor_id, reason_code, comment, requested, snapshot, created_at
		FROM application_events WHERE application_id = ? AND event = ? ORDER BY id DESC LIMIT 1`, appID, ev)
	if isNoRows(err) {
		return HistoryEvent{}, false, nil
	}
	if err != nil {
		return HistoryEvent{}, false, fmt.Errorf("last %s: %w", ev, err)
	}
	return e, true, nil
}

// unanswered lists what a resubmission leaves open of the reviewer's
// request: each requested field still as it was at the previous
// submission, each requested document kind not uploaded since the request.
// A written reply answers whatever the merchant does not change (they may
// disagree), so with one nothing is open.
func (s *Service) unanswered(ctx context.Context, q db.Querier, a Application, reply string) (map[string]string, error) {
	errs := map[string]string{}
	if utf8.RuneCountInString(reply) > MaxReplyRunes {
		errs["reply"] = "field.too_long"
		return errs, nil
	}
	req, err := s.openRequestOf(ctx, q, a)
	if err != nil || req == nil || reply != "" {
		return errs, err
	}
	prev, found, err := lastEvent(ctx, q, a.ID, EvSubmit)
	if err != nil {
		return nil, err
	}
	var before snapshot
	if found {
		if err := json.Unmarshal([]byte(prev.Snapshot), &before); err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
	}
	now := snapshotOf(a)
	for _, f := range req.Fields {
		if before[f] == now[f] {
			errs[f] = "resubmission.field_unchanged"
		}
	}
	for _, kind := range req.Documents {
		var n int
		if err := q.Get(ctx, &n, `SELECT COUNT(*) FROM documents WHERE application_id = ? AND kind = ? AND created_at > ?`,
			a.ID, kind, req.RequestedAt); err != nil {
			return nil, fmt.Errorf("replaced documents: %w", err)
		}
		if n == 0 {
			errs["documents."+kind] = "resubmission.document_not_replaced"
		}
	}
	if len(errs) > 0 {
		errs["reply"] = "resubmission.reply_or_fix"
	}
	return errs, nil
}
