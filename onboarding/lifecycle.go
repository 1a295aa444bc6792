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

// Submit sends a draft to review; see Resubmit for an answer to a request.
func (s *Service) Submit(ctx context.Context, actor auth.User, id int64, ip string) (Application, error) {
	return s.Resubmit(ctx, actor, id, "", ip)
}

// Resubmit sends a draft (or an info_requested application) to review.
// It answers 422 listing every missing or invalid field and every missing
// required document, so the merchant sees all that is left in one go; after
// request_info also every requested field left unchanged and requested
// document not replaced, unless reply (stored in the history for the
// reviewer) explains why.
func (s *Service) Resubmit(ctx context.Context, actor auth.User, id int64, reply, ip string) (Application, error) {
	reply = strings.TrimSpace(reply)
	var a Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if a, err = s.load(ctx, tx, actor, id); err != nil {
			return err
		}
		if !Allowed(EvSubmit, a.Status, actor.Role) {
			return s.refuse(EvSubmit, a, actor)
		}
		account, err := s.open(a.SettlementAccountEnc)
		if err != nil {
			return err
		}
		errs := completeness(&a, account, s.limits)
		missing, err := missingDocuments(ctx, tx, a)
		if err != nil {
			return err
		}
		for _, kind := range missing {
			errs["documents."+kind] = "document.required"
		}
		open, err := s.unanswered(ctx, tx, a, reply)
		if err != nil {
			return err
		}
		for k, v := range open {
			if _, ok := errs[k]; !ok {
				errs[k] = v
			}
		}
		if len(open) > 0 {
			return &apperr.Error{Code: apperr.Validation, Key: "application.request_open", Fields: errs}
		}
		if len(errs) > 0 {
			return &apperr.Error{Code: apperr.Validation, Key: "application.incomplete", Fields: errs}
		}
		snap, err := json.Marshal(snapshotOf(a))
		if err != nil {
			return err
		}
		now := s.now().UTC()
		a.HighRisk = isHighRisk(&a, s.limits)
		// Approvals given before a request for information no longer count:
		// the merchant has changed what was approved.
		if _, err := tx.Exec(ctx, `DELETE FROM application_approvals WHERE application_id = ?`, a.ID); err != nil {
			return fmt.Errorf("reset approvals: %w", err)
		}
		a.SubmittedAt = &now
		return s.transition(ctx, tx, &a, EvSubmit, actor, ip, change{
			set:      []assign{{"submitted_at", now}, {"high_risk", a.HighRisk}},
			snapshot: string(snap),
			comment:  reply,
		})
	})
	return a, err
}

// refuse explains why ev cannot fire: the wrong role is forbidden, the
// wrong status a conflict.
func (s *Service) refuse(ev Event, a Application, actor auth.User) error {
	if !contains(machine[ev].roles, actor.Role) {
		return apperr.ErrForbidden
	}
	return &apperr.Error{Code: apperr.Conflict, Key: "application.wrong_status"}
}

// Withdraw lets the merchant take an application back before a decision.
func (s *Service) Withdraw(ctx context.Context, actor auth.User, id int64, ip string) (Application, error) {
	return s.simple(ctx, actor, id, EvWithdraw, ip, nil)
}

// Claim gives a submitted application to the reviewer.
func (s *Service) Claim(ctx context.Context, actor auth.User, id int64, ip string) (Application, error) {
	now := s.now().UTC()
	return s.simple(ctx, actor, id, EvClaim, ip, []assign{{"claimed_by", actor.ID}, {"claimed_at", now}})
}

// Release returns a claimed application to the queue; only its reviewer or
// an admin may.
func (s *Service) Release(ctx context.Context, actor auth.User, id int64, ip string) (Application, error) {
	return s.simple(ctx, actor, id, EvRelease, ip, []assign{{"claimed_by", nil}, {"claimed_at", nil}})
}

func (s *Service) simple(ctx context.Context, actor auth.User, id int64, ev Event, ip string, set []assign) (Application, error) {
	var a Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if a, err = s.load(ctx, tx, actor, id); err != nil {
			return err
		}
		if ev == EvRelease && actor.Role == auth.Reviewer && a.Claimer() != actor.ID {
			return apperr.New(apperr.Forbidden, "application.not_your_claim")
		}
		return s.transition(ctx, tx, &a, ev, actor, ip, change{set: set})
	})
	return a, err
}

// snapshot is what a reviewer compares between submissions. The ID and
// account numbers are kept as their keyed hashes (equal numbers, equal
// hashes), the account's masked form beside it for the diff.
type snapshot map[string]string

// accountMaskedKey holds the masked account number in a snapshot.
const accountMaskedKey = "settlement_account_number_masked"

func snapshotOf(a Application) snapshot {
	mix, _ := json.Marshal(a.ChannelMix())
	return snapshot{
		"merchant_type": string(a.MerchantType), "legal_name": a.LegalName, "shop_name": a.ShopName, "uscc": a.USCC,
		"mcc_group": a.MCCGroup, "province": a.Province, "city": a.City, "district": a.District, "address": a.Address,
		"legal_rep_name": a.LegalRepName, "legal_rep_id_number": a.LegalRepIDHash, "contact_mobile": a.ContactMobile,
		"contact_email": a.ContactEmail, "settlement_bank": a.SettlementBank,
		"settlement_account_type": a.SettlementAccountType, "settlement_account_name": a.SettlementAccountName,
		"settlement_account_number":   a.SettlementAccountHash,
		accountMaskedKey:              a.SettlementAccountMasked,
		"expected_monthly_volume_fen": fmt.Sprint(a.ExpectedMonthlyVolumeFen),
		"average_ticket_fen":          fmt.Sprint(a.AverageTicketFen),
		"channel_mix":                 string(mix), "terminal_count": fmt.Sprint(a.TerminalCount),
	}
}
