package onboarding

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/secret"
)

// Service is the onboarding use-case layer shared by web pages and the API.
type Service struct {
	calendar CalendarSource // for the review clock in webhook events
	db       *db.DB
	box      *secret.Box
	blobs    blob.Store
	limits   Limits
	now      func() time.Time
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, box *secret.Box, blobs blob.Store, limits Limits, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, box: box, blobs: blobs, limits: limits, now: now}
}

// Limits returns the thresholds in force.
func (s *Service) Limits() Limits { return s.limits }

// Create starts a draft for the merchant with whatever fields are present.
func (s *Service) Create(ctx context.Context, actor auth.User, f Fields, ip string) (Application, error) {
	if actor.Role != auth.Merchant {
		return Application{}, apperr.ErrForbidden
	}
	f.normalize()
	if err := fieldErrors(f.checkFormat(s.now(), s.limits)); err != nil {
		return Application{}, err
	}
	now := s.now().UTC()
	a := Application{MerchantID: actor.ID, Status: Draft, ChannelMixJSON: "{}", CreatedAt: now, UpdatedAt: now}
	f.apply(&a, s.box)
	if err := s.checkCrossRules(&a, f); err != nil {
		return Application{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.Get(ctx, &a.ID, `INSERT INTO applications (merchant_id, status, merchant_type, legal_name, shop_name, uscc,
			mcc_group, province, city, district, address, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
			legal_rep_id_masked, contact_mobile, contact_email, settlement_bank, settlement_account_type,
			settlement_account_name, settlement_account_enc, settlement_account_hash, settlement_account_masked,
			expected_monthly_volume_fen, average_ticket_fen, channel_mix, terminal_count, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.MerchantID, a.Status, a.MerchantType, a.LegalName, a.ShopName, a.USCC, a.MCCGroup, a.Province, a.City,
			a.District, a.Address, a.LegalRepName, a.LegalRepIDEnc, a.LegalRepIDHash, a.LegalRepIDMasked,
			a.ContactMobile, a.ContactEmail, a.SettlementBank, a.SettlementAccountType, a.SettlementAccountName,
			a.SettlementAccountEnc, a.SettlementAccountHash, a.SettlementAccountMasked, a.ExpectedMonthlyVolumeFen, a.AverageTicketFen, a.ChannelMixJSON,
			a.TerminalCount, a.CreatedAt, a.UpdatedAt)
		if err != nil {
			return fmt.Errorf("insert application: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "application.create",
			EntityType: "application", EntityID: &a.ID, MerchantID: &a.MerchantID, IP: ip})
	})
	return a, err
}

// Update saves the present fields of a draft (or of an application the
// reviewer sent back for more information).
func (s *Service) Update(ctx context.Context, actor auth.User, id int64, f Fields, ip string) (Application, error) {
	f.normalize()
	if err := fieldErrors(f.checkFormat(s.now(), s.limits)); err != nil {
		return Application{}, err
	}
	var a Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if a, err = s.load(ctx, tx, actor, id); err != nil {
			return err
		}
		if actor.Role != auth.Merchant {
			return apperr.ErrForbidden
		}
		if a.Status != Draft && a.Status != InfoRequested {
			return &apperr.Error{Code: apperr.Conflict, Key: "application.not_editable"}
		}
		before := a.Status
		f.apply(&a, s.box)
		if err := s.checkCrossRules(&a, f); err != nil {
			return err
		}
		a.UpdatedAt = s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE applications SET merchant_type = ?, legal_name = ?, shop_name = ?, uscc = ?,
			mcc_group = ?, province = ?, city = ?, district = ?, address = ?, legal_rep_name = ?, legal_rep_id_enc = ?,
			legal_rep_id_hash = ?, legal_rep_id_masked = ?, contact_mobile = ?, contact_email = ?, settlement_bank = ?,
			settlement_account_type = ?, settlement_account_name = ?, settlement_account_enc = ?,
			settlement_account_hash = ?, settlement_account_masked = ?,
			expected_monthly_volume_fen = ?, average_ticket_fen = ?, channel_mix = ?, terminal_count = ?, updated_at = ?
			WHERE id = ? AND status = ?`,
			a.MerchantType, a.LegalName, a.ShopName, a.USCC, a.MCCGroup, a.Province, a.City, a.District, a.Address,
			a.LegalRepName, a.LegalRepIDEnc, a.LegalRepIDHash, a.LegalRepIDMasked, a.ContactMobile, a.ContactEmail,
			a.SettlementBank, a.SettlementAccountType, a.SettlementAccountName,
			a.SettlementAccountEnc, a.SettlementAccountHash, a.SettlementAccountMasked,
			a.ExpectedMonthlyVolumeFen, a.AverageTicketFen, a.ChannelMixJSON, a.TerminalCount, a.UpdatedAt, a.ID, before)
		if err != nil {
			return fmt.Errorf("update application: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &apperr.Error{Code: apperr.Conflict, Key: "application.changed_meanwhile"}
		}
		return audit.Record(ctx, tx, a.UpdatedAt, audit.Event{ActorID: &actor.ID, Action: "application.update",
			EntityType: "application", EntityID: &a.ID, MerchantID: &a.MerchantID, IP: ip})
	})
	return a, err
}

// checkCrossRules runs the rules that read several fields and report on a
// field this update carries (see rules.go).
func (s *Service) checkCrossRules(a *Application, f Fields) error {
	sent := f.present()
	var account string
	if f.SettlementAccountNumber != nil {
		account = *f.SettlementAccountNumber
	} else if sent["settlement_account_type"] {
		var err error
		if account, err = s.open(a.SettlementAccountEnc); err != nil {
			return err
		}
	}
	return fieldErrors(crossFieldErrors(a, account, sent))
}

// Get returns an application the actor may see (see visible).
func (s *Service) Get(ctx context.Context, actor auth.User, id int64) (Application, error) {
	return s.load(ctx, s.db, actor, id)
}

// load is the one ownership check every read and use case of an
// application goes through (its documents, history, summary PDF and
// contract too).
func (s *Service) load(ctx context.Context, q db.Querier, actor auth.User, id int64) (Application, error) {
	var a Application
	err := q.Get(ctx, &a, `SELECT `+applicationColumns+` FROM applications WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, apperr.ErrNotFound
	}
	if err != nil {
		return Application{}, fmt.Errorf("load application: %w", err)
	}
	if !visible(a, actor) {
		return Application{}, apperr.ErrNotFound
	}
	return a, nil
}

// visible is least privilege for applications: a merchant sees only their
// own; reviewers and admins only what has been submitted at least once (a
// draft, even a withdrawn one, is the merchant's private workspace);
// installers none — they reach a shop through their appointments. Anything
// not visible answers "not found", exactly like a missing id, so ids reveal
// nothing.
func visible(a Application, actor auth.User) bool {
	switch actor.Role {
	case auth.Merchant:
		return a.MerchantID == actor.ID
	case auth.Reviewer, auth.Admin:
		return a.SubmittedAt != nil
	default:
		return false
	}
}

// ListFilter narrows List for staff; merchants always see only their own.
type ListFilter struct {
	Status       Status
	MerchantType MerchantType
}

// List returns the merchant's own applications (newest first), or for
// staff every application matching f in FIFO order of submission.
func (s *Service) List(ctx context.Context, actor auth.User, f ListFilter) ([]Application, error) {
	where, args, order := "WHERE 1=1", []any{}, "ORDER BY id DESC"
	switch actor.Role {
	case auth.Merchant:
		where += " AND merchant_id = ?"
		args = append(args, actor.ID)
	case auth.Reviewer, auth.Admin:
		// The same rule as visible: staff never list drafts.
		where += " AND submitted_at IS NOT NULL"
		order = "ORDER BY submitted_at, id"
	default:
		return nil, apperr.ErrForbidden
	}
	if f.Status != "" {
		where += " AND status = ?"
		args = append(args, f.Status)
	}
	if f.MerchantType != "" {
		where += " AND merchant_type = ?"
		args = append(args, f.MerchantType)
	}
	var out []Application
	if err := s.db.Select(ctx, &out, `SELECT `+applicationColumns+` FROM applications `+where+" "+order+" LIMIT 500", args...); err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	return out, nil
}

// WithClock returns a Service that reads time from now; demo seeding uses
// it to place sample applications in the past so queues show real ages.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
