package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Brand is a terminal maker with what a merchant weighs besides price:
// how far its service network reaches and how good its support is.
type Brand struct {
	ID   int64  `db:"id" json:"id"`
	Name string `db:"name" json:"name"`
	// ServiceCities is how many cities have an authorised service point.
	ServiceCities int          `db:"service_cities" json:"service_cities"`
	SupportHours  SupportHours `db:"support_hours" json:"support_hours"`
	// OnsiteSLAHours is the promised time to an on-site repair; 0 means the
	// brand offers no on-site service (devices are swapped by mail).
	OnsiteSLAHours int `db:"onsite_sla_hours" json:"onsite_sla_hours"`
	// SupportRating is the portal operator's 1–5 rating of service quality.
	SupportRating int       `db:"support_rating" json:"support_rating"`
	Sample        bool      `db:"sample" json:"sample"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
	UpdatedAt     time.Time `db:"updated_at" json:"updated_at"`
}

const maxNameLen = 100

const brandColumns = `id, name, service_cities, support_hours, onsite_sla_hours, support_rating, sample, created_at, updated_at`

// validate normalises b and returns its field errors (message keys).
func (b *Brand) validate() error {
	b.Name = strings.TrimSpace(b.Name)
	f := map[string]string{}
	checkName(f, "name", b.Name)
	if !b.SupportHours.Valid() {
		f["support_hours"] = "catalog.field.choose"
	}
	if b.SupportRating < 1 || b.SupportRating > 5 {
		f["support_rating"] = "catalog.field.support_rating.range"
	}
	notNegative(f, "service_cities", int64(b.ServiceCities))
	notNegative(f, "onsite_sla_hours", int64(b.OnsiteSLAHours))
	return fieldsErr(f)
}

// Brands lists every brand by name.
func (s *Service) Brands(ctx context.Context) ([]Brand, error) {
	var out []Brand
	if err := s.db.Select(ctx, &out, `SELECT `+brandColumns+` FROM catalog_brands ORDER BY name`); err != nil {
		return nil, fmt.Errorf("list brands: %w", err)
	}
	return out, nil
}

// Brand returns one brand or apperr.ErrNotFound.
func (s *Service) Brand(ctx context.Context, id int64) (Brand, error) {
	return brandByID(ctx, s.db, id)
}

func brandByID(ctx context.Context, q db.Querier, id int64) (Brand, error) {
	var b Brand
	err := q.Get(ctx, &b, `SELECT `+brandColumns+` FROM catalog_brands WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Brand{}, apperr.ErrNotFound
	}
	if err != nil {
		return Brand{}, fmt.Errorf("brand %d: %w", id, err)
	}
	return b, nil
}

// CreateBrand adds a brand (admin only).
func (s *Service) CreateBrand(ctx context.Context, actor *auth.User, b Brand, r auth.Request) (Brand, error) {
	if err := authorize(actor); err != nil {
		return Brand{}, err
	}
	if err := b.validate(); err != nil {
		return Brand{}, err
	}
	err := s.change(ctx, actor, r, "catalog.brand.create", "brand", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		b.CreatedAt, b.UpdatedAt = now, now
		err := tx.Get(ctx, &b.ID, `INSERT INTO catalog_brands (name, service_cities, support_hours, onsite_sla_hours, support_rating, sample, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			b.Name, b.ServiceCities, b.SupportHours, b.OnsiteSLAHours, b.SupportRating, b.Sample, now, now)
		if err != nil {
			return 0, nil, nameTaken(err, "insert brand")
		}
		return b.ID, map[string]any{"name": b.Name}, nil
	})
	return b, err
}

// UpdateBrand changes a brand's attributes (admin only). The sample flag
// is kept: editing sample data does not make it real.
func (s *Service) UpdateBrand(ctx context.Context, actor *auth.User, b Brand, r auth.Request) (Brand, error) {
	if err := authorize(actor); err != nil {
		return Brand{}, err
	}
	if err := b.validate(); err != nil {
		return Brand{}, err
	}
	err := s.change(ctx, actor, r, "catalog.brand.update", "brand", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		res, err := tx.Exec(ctx, `UPDATE catalog_brands SET name = ?, service_cities = ?, support_hours = ?, onsite_sla_hours = ?,
			support_rating = ?, updated_at = ? WHERE id = ?`,
			b.Name, b.ServiceCities, b.SupportHours, b.OnsiteSLAHours, b.SupportRating, now, b.ID)
		if err := updated(res, err, "update brand"); err != nil {
			return 0, nil, err
		}
		return b.ID, map[string]any{"name": b.Name}, nil
	})
	if err != nil {
		return Brand{}, err
	}
	return s.Brand(ctx, b.ID)
}

// DeleteBrand removes a brand that has no models (admin only); a brand
// still in use answers a conflict instead of taking its models with it.
func (s *Service) DeleteBrand(ctx context.Context, actor *auth.User, id int64, r auth.Request) error {
	return s.change(ctx, actor, r, "catalog.brand.delete", "brand", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		b, err := brandByID(ctx, tx, id)
		if err != nil {
			return 0, nil, err
		}
		if n, err := count(ctx, tx, `SELECT COUNT(*) FROM catalog_models WHERE brand_id = ?`, id); err != nil || n > 0 {
			return 0, nil, inUse(err, "catalog.error.brand_in_use")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_brands WHERE id = ?`, id); err != nil {
			return 0, nil, fmt.Errorf("delete brand: %w", err)
		}
		return id, map[string]any{"name": b.Name}, nil
	})
}
