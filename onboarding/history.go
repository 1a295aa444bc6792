package onboarding

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"posportal/internal/auth"
)

// HistoryEvent is one transition as the merchant and reviewers see it.
type HistoryEvent struct {
	ID            int64     `db:"id" json:"id"`
	Event         Event     `db:"event" json:"event"`
	From          Status    `db:"from_status" json:"from"`
	To            Status    `db:"to_status" json:"to"`
	ActorID       *int64    `db:"actor_id" json:"actor_id"`
	ActorName     string    `db:"actor_name" json:"actor_name"`
	ActorRole     auth.Role `db:"actor_role" json:"actor_role"`
	ReasonCode    string    `db:"reason_code" json:"reason_code,omitempty"`
	Comment       string    `db:"comment" json:"comment,omitempty"`
	RequestedJSON string    `db:"requested" json:"-"`
	Snapshot      string    `db:"snapshot" json:"-"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
}

// Requested decodes what a request_info asked for.
func (e HistoryEvent) Requested() Requested {
	var r Requested
	_ = json.Unmarshal([]byte(e.RequestedJSON), &r)
	return r
}

// History returns the application's transitions, oldest first.
func (s *Service) History(ctx context.Context, actor auth.User, id int64) ([]HistoryEvent, error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return nil, err
	}
	var out []HistoryEvent
	err := s.db.Select(ctx, &out, `SELECT e.id, e.event, e.from_status, e.to_status, e.actor_id,
		COALESCE(u.name, '') AS actor_name, COALESCE(u.role, '') AS actor_role, e.reason_code, e.comment,
		e.requested, e.snapshot, e.created_at
		FROM application_events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.application_id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// FieldChange is one field that differs between two submissions.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Changes is what changed between the previous submission and the latest.
type Changes struct {
	Resubmission bool          `json:"resubmission"`
	Fields       []FieldChange `json:"fields"`
	// ReplacedDocuments are kinds uploaded anew since the previous submission.
	ReplacedDocuments []string `json:"replaced_documents"`
	// Reply is the merchant's written answer to the request, if any.
	Reply string `json:"reply"`
}

// Changes compares the latest submission with the one before it, so a
// reviewer sees at a glance what the merchant fixed. The resident ID is
// compared by its keyed hash and shown only as "changed"; the account
// number by its hash too, shown masked.
func (s *Service) Changes(ctx context.Context, actor auth.User, id int64) (Changes, error) {
	hist, err := s.History(ctx, actor, id)
	if err != nil {
		return Changes{}, err
	}
	var subs []HistoryEvent
	for _, e := range hist {
		if e.Event == EvSubmit {
			subs = append(subs, e)
		}
	}
	if len(subs) < 2 {
		return Changes{}, nil
	}
	prev, last := subs[len(subs)-2], subs[len(subs)-1]
	var before, after snapshot
	if err := json.Unmarshal([]byte(prev.Snapshot), &before); err != nil {
		return Changes{}, fmt.Errorf("snapshot: %w", err)
	}
	if err := json.Unmarshal([]byte(last.Snapshot), &after); err != nil {
		return Changes{}, fmt.Errorf("snapshot: %w", err)
	}
	c := Changes{Resubmission: true, Fields: []FieldChange{}, ReplacedDocuments: []string{}, Reply: last.Comment}
	for _, f := range RequestableFields {
		if before[f] != after[f] {
			fc := FieldChange{Field: f, Before: before[f], After: after[f]}
			switch f {
			case "legal_rep_id_number":
				fc.Before, fc.After = "", ""
			case "settlement_account_number":
				fc.Before, fc.After = before[accountMaskedKey], after[accountMaskedKey]
			}
			c.Fields = append(c.Fields, fc)
		}
	}
	var kinds []string
	err = s.db.Select(ctx, &kinds, `SELECT DISTINCT kind FROM documents WHERE application_id = ? AND created_at > ?`, id, prev.CreatedAt)
	if err != nil {
		return Changes{}, fmt.Errorf("replaced documents: %w", err)
	}
	sort.Strings(kinds)
	c.ReplacedDocuments = append(c.ReplacedDocuments, kinds...)
	return c, nil
}
