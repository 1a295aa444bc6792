package onboarding

import (
	"context"
	"fmt"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// DocumentKinds are the kinds of §2.2.
var DocumentKinds = []string{"business_license", "tax_registration", "legal_rep_id_front", "legal_rep_id_back",
	"settlement_account_proof", "storefront_photo", "premises_proof"}

// defaultRequired is §2.2's default: tax registration is optional since the
// USCC licence carries it (三证合一); micro merchants have no licence.
var defaultRequired = map[MerchantType][]string{
	Enterprise:         {"business_license", "legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo"},
	IndividualBusiness: {"business_license", "legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo"},
	Micro:              {"legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo", "premises_proof"},
}

// EnsureRequirementDefaults writes the default rules for any merchant type
// and kind without a rule yet; an admin's edits are never overwritten.
func (s *Service) EnsureRequirementDefaults(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, mt := range MerchantTypes {
			for _, kind := range DocumentKinds {
				var n int
				if err := tx.Get(ctx, &n, `SELECT COUNT(*) FROM document_requirements WHERE merchant_type = ? AND kind = ?`, mt, kind); err != nil {
					return err
				}
				if n > 0 {
					continue
				}
				if _, err := tx.Exec(ctx, `INSERT INTO document_requirements (merchant_type, kind, required) VALUES (?, ?, ?)`,
					mt, kind, contains(defaultRequired[mt], kind)); err != nil {
					return fmt.Errorf("requirement default: %w", err)
				}
			}
		}
		return nil
	})
}

// Requirement says whether a kind is required for a merchant type.
type Requirement struct {
	MerchantType MerchantType `db:"merchant_type"`
	Kind         string       `db:"kind"`
	Required     bool         `db:"required"`
}

// Requirements returns every rule.
func (s *Service) Requirements(ctx context.Context) ([]Requirement, error) {
	var out []Requirement
	err := s.db.Select(ctx, &out, `SELECT merchant_type, kind, required FROM document_requirements ORDER BY merchant_type, kind`)
	return out, err
}

// RequiredKinds returns the kinds a merchant type must upload, in the
// order of DocumentKinds.
func (s *Service) RequiredKinds(ctx context.Context, mt MerchantType) ([]string, error) {
	return requiredKinds(ctx, s.db, mt)
}

func requiredKinds(ctx context.Context, q db.Querier, mt MerchantType) ([]string, error) {
	var kinds []string
	if err := q.Select(ctx, &kinds, `SELECT kind FROM document_requirements WHERE merchant_type = ? AND required = ?`, mt, true); err != nil {
		return nil, fmt.Errorf("required kinds: %w", err)
	}
	var ordered []string
	for _, k := range DocumentKinds {
		if contains(kinds, k) {
			ordered = append(ordered, k)
		}
	}
	return ordered, nil
}

// SetRequirement changes one rule; admins only.
func (s *Service) SetRequirement(ctx context.Context, actor auth.User, mt MerchantType, kind string, required bool, ip string) error {
	if actor.Role != auth.Admin {
		return apperr.ErrForbidden
	}
	if !contains(MerchantTypes, mt) || !contains(DocumentKinds, kind) {
		return apperr.Fields(map[string]string{"kind": "document.kind_invalid"})
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE document_requirements SET required = ? WHERE merchant_type = ? AND kind = ?`, required, mt, kind)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO document_requirements (merchant_type, kind, required) VALUES (?, ?, ?)`, mt, kind, required); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{ActorID: &actor.ID, Action: "requirement.set", IP: ip,
			Detail: map[string]any{"merchant_type": mt, "kind": kind, "required": required}})
	})
}

// missingDocuments lists required kinds with no current upload.
func missingDocuments(ctx context.Context, q db.Querier, a Application) ([]string, error) {
	if a.MerchantType == "" {
		return nil, nil // the merchant_type field error already says what to do first
	}
	required, err := requiredKinds(ctx, q, a.MerchantType)
	if err != nil {
		return nil, err
	}
	var have []string
	if err := q.Select(ctx, &have, `SELECT DISTINCT kind FROM documents WHERE application_id = ? AND replaced_at IS NULL`, a.ID); err != nil {
		return nil, fmt.Errorf("documents present: %w", err)
	}
	var missing []string
	for _, k := range required {
		if !contains(have, k) {
			missing = append(missing, k)
		}
	}
	return missing, nil
}
