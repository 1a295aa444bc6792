package onboarding

import (
	"context"
	"encoding/json"
	"fmt"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// The two numbers §10 and §16 protect — the legal representative's
// resident ID and the settlement account — are stored only sealed (see
// Fields.apply). Everything here is a way to see one in full, and each
// says who may.

// Revealed holds an application's sensitive numbers in clear.
type Revealed struct {
	IDNumber      string
	AccountNumber string
}

// Reveal decrypts both numbers for the reviewer's (or admin's) audited
// view of a submitted application: every number shown is an audit event
// (application.id_viewed, application.account_viewed).
func (s *Service) Reveal(ctx context.Context, actor auth.User, id int64, ip string) (Revealed, error) {
	if actor.Role != auth.Reviewer && actor.Role != auth.Admin {
		return Revealed{}, apperr.ErrForbidden
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return Revealed{}, err
	}
	var r Revealed
	if r.IDNumber, err = s.open(a.LegalRepIDEnc); err != nil {
		return Revealed{}, err
	}
	if r.AccountNumber, err = s.open(a.SettlementAccountEnc); err != nil {
		return Revealed{}, err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, v := range []struct {
			action string
			shown  bool
		}{{"application.id_viewed", r.IDNumber != ""}, {"application.account_viewed", r.AccountNumber != ""}} {
			if !v.shown {
				continue
			}
			action := v.action
			if err := audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: action,
				EntityType: "application", EntityID: &a.ID, MerchantID: &a.MerchantID, IP: ip}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Revealed{}, err
	}
	return r, nil
}

// OwnAccountNumber is the settlement account number in full for the
// merchant's own edit form, while the application can be edited.
func (s *Service) OwnAccountNumber(ctx context.Context, actor auth.User, id int64) (string, error) {
	a, err := s.editable(ctx, s.db, actor, id)
	if err != nil {
		return "", err
	}
	return s.open(a.SettlementAccountEnc)
}

// accountNumber is a's settlement account number in full, for the
// contract that states it.
func (s *Service) accountNumber(a Application) (string, error) { return s.open(a.SettlementAccountEnc) }

func (s *Service) open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	plain, err := s.box.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("open sealed field: %w", err)
	}
	return plain, nil
}

// SealClearAccounts encrypts the settlement account numbers that earlier
// versions stored in clear (applications.settlement_account_number, and
// the number inside submission snapshots), in one transaction. A SQL
// migration cannot do it — it has no key — so every start and
// `portal migrate` call this after migrating; rows already sealed are left
// alone, so running it again changes nothing. It returns how many
// applications and snapshots it sealed.
func (s *Service) SealClearAccounts(ctx context.Context) (apps, snapshots int, err error) {
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var rows []struct {
			ID     int64  `db:"id"`
			Number string `db:"settlement_account_number"`
		}
		if err := tx.Select(ctx, &rows, `SELECT id, settlement_account_number FROM applications WHERE settlement_account_number <> ''`); err != nil {
			return fmt.Errorf("clear accounts: %w", err)
		}
		for _, r := range rows {
			enc, hash, masked := sealed(s.box, r.Number, MaskAccount)
			if _, err := tx.Exec(ctx, `UPDATE applications SET settlement_account_enc = ?, settlement_account_hash = ?,
				settlement_account_masked = ?, settlement_account_number = '' WHERE id = ?`, enc, hash, masked, r.ID); err != nil {
				return fmt.Errorf("seal account of application %d: %w", r.ID, err)
			}
		}
		apps = len(rows)

		var events []struct {
			ID       int64  `db:"id"`
			Snapshot string `db:"snapshot"`
		}
		if err := tx.Select(ctx, &events, `SELECT id, snapshot FROM application_events WHERE snapshot <> ''`); err != nil {
			return fmt.Errorf("snapshots: %w", err)
		}
		for _, e := range events {
			var snap snapshot
			if err := json.Unmarshal([]byte(e.Snapshot), &snap); err != nil {
				return fmt.Errorf("snapshot of event %d: %w", e.ID, err)
			}
			if _, done := snap[accountMaskedKey]; done {
				continue
			}
			_, snap["settlement_account_number"], snap[accountMaskedKey] = sealed(s.box, snap["settlement_account_number"], MaskAccount)
			b, _ := json.Marshal(snap)
			if _, err := tx.Exec(ctx, `UPDATE application_events SET snapshot = ? WHERE id = ?`, string(b), e.ID); err != nil {
				return fmt.Errorf("seal snapshot of event %d: %w", e.ID, err)
			}
			snapshots++
		}
		return nil
	})
	return apps, snapshots, err
}
