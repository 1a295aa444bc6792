package onboarding

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// ReasonCodes are §2.3's rejection / request reasons; each has a
// merchant-facing fix hint ("reason.<code>.hint") in both languages.
var ReasonCodes = []string{"documents_incomplete", "document_illegible", "information_mismatch",
	"prohibited_business", "risk_assessment", "other"}

// Requested names what the merchant must fix after request_info.
type Requested struct {
	Fields    []string `json:"fields"`
	Documents []string `json:"documents"`
}

// Decision is a reviewer's verdict (§11).
type Decision struct {
	Decision   string    `json:"decision"`
	ReasonCode string    `json:"reason_code"`
	Comment    string    `json:"comment"`
	Requested  Requested `json:"requested"`
}

// RequestableFields are the field names a reviewer may ask to be fixed.
var RequestableFields = []string{"merchant_type", "legal_name", "shop_name", "uscc", "mcc_group", "province", "city",
	"district", "address", "legal_rep_name", "legal_rep_id_number", "contact_mobile", "contact_email",
	"settlement_bank", "settlement_account_type", "settlement_account_name", "settlement_account_number",
	"expected_monthly_volume_fen", "average_ticket_fen", "channel_mix", "terminal_count"}

func (d *Decision) check() error {
	errs := map[string]string{}
	d.Comment = strings.TrimSpace(d.Comment)
	switch d.Decision {
	case "approve":
	case "reject", "request_info":
		// A merchant never sees an empty rejection: a reason and words are required.
		if !contains(ReasonCodes, d.ReasonCode) {
			errs["reason_code"] = "decision.reason_required"
		}
		if d.Comment == "" {
			errs["comment"] = "decision.comment_required"
		}
	default:
		errs["decision"] = "decision.invalid"
	}
	if d.Decision == "request_info" {
		if len(d.Requested.Fields)+len(d.Requested.Documents) == 0 {
			errs["requested"] = "decision.requested_required"
		}
		for _, f := range d.Requested.Fields {
			if !contains(RequestableFields, f) {
				errs["requested"] = "decision.requested_invalid"
			}
		}
		for _, k := range d.Requested.Documents {
			if !contains(DocumentKinds, k) {
				errs["requested"] = "decision.requested_invalid"
			}
		}
	}
	if len([]rune(d.Comment)) > 2000 {
		errs["comment"] = "field.too_long"
	}
	return fieldErrors(errs)
}

// Decide records the claiming reviewer's decision. A high-risk application
// needs approvals from two different reviewers: the first approval sends it
// back to the queue for a second reviewer, and the same reviewer approving
// again is refused.
func (s *Service) Decide(ctx context.Context, actor auth.User, id int64, d Decision, ip string) (Application, error) {
	if actor.Role != auth.Reviewer {
		return Application{}, apperr.ErrForbidden
	}
	if err := d.check(); err != nil {
		return Application{}, err
	}
	var a Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if a, err = s.load(ctx, tx, actor, id); err != nil {
			return err
		}
		if a.Status != InReview {
			return &apperr.Error{Code: apperr.Conflict, Key: "application.wrong_status"}
		}
		if a.Claimer() != actor.ID {
			return apperr.New(apperr.Forbidden, "application.not_your_claim")
		}
		now := s.now().UTC()
		release := []assign{{"claimed_by", nil}, {"claimed_at", nil}}
		c := change{reasonCode: d.ReasonCode, comment: d.Comment}
		switch d.Decision {
		case "reject":
			c.set = append(release, assign{"decided_at", now})
			return s.transition(ctx, tx, &a, EvReject, actor, ip, c)
		case "request_info":
			req, _ := json.Marshal(d.Requested)
			c.requested = string(req)
			c.set = release
			return s.transition(ctx, tx, &a, EvRequestInfo, actor, ip, c)
		}
		var approvals []int64
		if err := tx.Select(ctx, &approvals, `SELECT reviewer_id FROM application_approvals WHERE application_id = ?`, a.ID); err != nil {
			return fmt.Errorf("approvals: %w", err)
		}
		if contains(approvals, actor.ID) {
			// On PostgreSQL a concurrent decision of this reviewer may have
			// committed since a was read: then this one lost a race (409),
			// it did not ask for a second approval.
			var now Status
			if err := tx.Get(ctx, &now, `SELECT status FROM applications WHERE id = ?`, a.ID); err != nil {
				return fmt.Errorf("recheck status: %w", err)
			}
			if now != InReview {
				return &apperr.Error{Code: apperr.Conflict, Key: "application.changed_meanwhile"}
			}
			return apperr.New(apperr.Forbidden, "decision.second_approver_required")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_approvals (application_id, reviewer_id, created_at) VALUES (?, ?, ?)`,
			a.ID, actor.ID, now); db.IsUniqueViolation(err) {
			// The same reviewer's concurrent approval got there first.
			return &apperr.Error{Code: apperr.Conflict, Key: "application.changed_meanwhile"}
		} else if err != nil {
			return fmt.Errorf("record approval: %w", err)
		}
		if a.HighRisk && len(approvals) == 0 {
			c.set = release
			return s.transition(ctx, tx, &a, EvFirstApproval, actor, ip, c)
		}
		c.set = append(release, assign{"decided_at", now})
		return s.transition(ctx, tx, &a, EvApprove, actor, ip, c)
	})
	return a, err
}

// Approvals returns the reviewers who approved the current submission.
func (s *Service) Approvals(ctx context.Context, applicationID int64) ([]int64, error) {
	var ids []int64
	err := s.db.Select(ctx, &ids, `SELECT reviewer_id FROM application_approvals WHERE application_id = ? ORDER BY created_at`, applicationID)
	return ids, err
}
