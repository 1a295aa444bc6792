package catalog

import (
	"context"
	"fmt"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

// Shortlist returns the models merchant has shortlisted, cheapest first.
// Only a merchant has a shortlist; the contract step (a later issue) reads
// it through ShortlistModelIDs.
func (s *Service) Shortlist(ctx context.Context, merchant *auth.User) ([]Model, error) {
	if err := mustBeMerchant(merchant); err != nil {
		return nil, err
	}
	var out []Model
	err := s.db.Select(ctx, &out, `SELECT `+modelColumns+` JOIN merchant_shortlist s ON s.model_id = m.id
		WHERE s.merchant_id = ? ORDER BY m.purchase_fen, m.id`, merchant.ID)
	if err != nil {
		return nil, fmt.Errorf("shortlist: %w", err)
	}
	if err := loadLists(ctx, s.db, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ShortlistModelIDs returns the ids a merchant shortlisted, in id order.
func (s *Service) ShortlistModelIDs(ctx context.Context, merchantID int64) ([]int64, error) {
	ids := []int64{}
	if err := s.db.Select(ctx, &ids, `SELECT model_id FROM merchant_shortlist WHERE merchant_id = ? ORDER BY model_id`, merchantID); err != nil {
		return nil, fmt.Errorf("shortlist ids: %w", err)
	}
	return ids, nil
}

// AddToShortlist adds a model to the merchant's shortlist; adding it twice
// changes nothing. An unknown model is apperr.ErrNotFound.
func (s *Service) AddToShortlist(ctx context.Context, merchant *auth.User, modelID int64) error {
	if err := mustBeMerchant(merchant); err != nil {
		return err
	}
	if _, err := s.Model(ctx, modelID); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO merchant_shortlist (merchant_id, model_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (merchant_id, model_id) DO NOTHING`, merchant.ID, modelID, s.now().UTC())
	if err != nil {
		return fmt.Errorf("shortlist add: %w", err)
	}
	return nil
}

// RemoveFromShortlist takes a model off the merchant's shortlist; removing
// one that is not there changes nothing.
func (s *Service) RemoveFromShortlist(ctx context.Context, merchant *auth.User, modelID int64) error {
	if err := mustBeMerchant(merchant); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM merchant_shortlist WHERE merchant_id = ? AND model_id = ?`, merchant.ID, modelID); err != nil {
		return fmt.Errorf("shortlist remove: %w", err)
	}
	return nil
}

func mustBeMerchant(u *auth.User) error {
	if u == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthenticated")
	}
	if u.Role != auth.Merchant {
		return apperr.ErrForbidden
	}
	return nil
}
