package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Provider is an acquirer: a bank or a payment institution, with the
// payment methods it accepts. Fee plans belong to providers.
type Provider struct {
	ID   int64        `db:"id" json:"id"`
	Name string       `db:"name" json:"name"`
	Kind ProviderKind `db:"kind" json:"kind"`
	// Methods are in the canonical order of Methods; never nil.
	Methods   []Method  `db:"-" json:"methods"`
	Sample    bool      `db:"sample" json:"sample"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	UpdatedAt time.Time `db:"updated_at" json:"updated_at"`
}

const providerColumns = `id, name, kind, sample, created_at, updated_at`

// Accepts reports whether the provider acquires method m.
func (p *Provider) Accepts(m Method) bool { return slices.Contains(p.Methods, m) }

func (p *Provider) validate() error {
	p.Name = strings.TrimSpace(p.Name)
	f := map[string]string{}
	checkName(f, "name", p.Name)
	if !p.Kind.Valid() {
		f["kind"] = "catalog.field.choose"
	}
	var methods []Method
	for _, m := range Methods { // canonical order, duplicates dropped
		if slices.Contains(p.Methods, m) {
			methods = append(methods, m)
		}
	}
	for _, m := range p.Methods {
		if !m.Valid() {
			f["methods"] = "catalog.field.choose"
		}
	}
	if len(methods) == 0 && f["methods"] == "" {
		f["methods"] = "catalog.field.methods.required"
	}
	p.Methods = methods
	return fieldsErr(f)
}

// Providers lists every provider by name.
func (s *Service) Providers(ctx context.Context) ([]Provider, error) {
	return providers(ctx, s.db, "", nil)
}

// Provider returns one provider or apperr.ErrNotFound.
func (s *Service) Provider(ctx context.Context, id int64) (Provider, error) {
	return providerByID(ctx, s.db, id)
}

func providerByID(ctx context.Context, q db.Querier, id int64) (Provider, error) {
	ps, err := providers(ctx, q, " WHERE id = ?", []any{id})
	if err != nil {
		return Provider{}, err
	}
	if len(ps) == 0 {
		return Provider{}, apperr.ErrNotFound
	}
	return ps[0], nil
}

func providers(ctx context.Context, q db.Querier, where string, args []any) ([]Provider, error) {
	var out []Provider
	if err := q.Select(ctx, &out, `SELECT `+providerColumns+` FROM catalog_providers`+where+` ORDER BY name, id`, args...); err != nil {
		return nil, fmt.Errorf("list providers: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	idx := map[int64]int{}
	ids := make([]int64, len(out))
	for i := range out {
		out[i].Methods = []Method{}
		idx[out[i].ID], ids[i] = i, out[i].ID
	}
	var rows []struct {
		ProviderID int64  `db:"provider_id"`
		Method     Method `db:"method"`
	}
	if err := q.Select(ctx, &rows, `SELECT provider_id, method FROM catalog_provider_methods WHERE provider_id IN (`+
		placeholders(len(ids))+`)`, int64Args(ids)...); err != nil {
		return nil, fmt.Errorf("provider methods: %w", err)
	}
	for _, r := range rows {
		p := &out[idx[r.ProviderID]]
		p.Methods = append(p.Methods, r.Method)
	}
	for i := range out {
		slices.SortFunc(out[i].Methods, func(a, b Method) int {
			return slices.Index(Methods, a) - slices.Index(Methods, b)
		})
	}
	return out, nil
}

// CreateProvider adds a provider (admin only).
func (s *Service) CreateProvider(ctx context.Context, actor *auth.User, p Provider, r auth.Request) (Provider, error) {
	if err := authorize(actor); err != nil {
		return Provider{}, err
	}
	if err := p.validate(); err != nil {
		return Provider{}, err
	}
	err := s.change(ctx, actor, r, "catalog.provider.create", "provider", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		err := tx.Get(ctx, &p.ID, `INSERT INTO catalog_providers (name, kind, sample, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, p.Name, p.Kind, p.Sample, now, now)
		if err != nil {
			return 0, nil, nameTaken(err, "insert provider")
		}
		return p.ID, map[string]any{"name": p.Name, "methods": p.Methods}, writeMethods(ctx, tx, &p)
	})
	if err != nil {
		return Provider{}, err
	}
	return s.Provider(ctx, p.ID)
}

// UpdateProvider changes a provider (admin only); the sample flag is kept.
func (s *Service) UpdateProvider(ctx context.Context, actor *auth.User, p Provider, r auth.Request) (Provider, error) {
	if err := authorize(actor); err != nil {
		return Provider{}, err
	}
	if err := p.validate(); err != nil {
		return Provider{}, err
	}
	err := s.change(ctx, actor, r, "catalog.provider.update", "provider", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		res, err := tx.Exec(ctx, `UPDATE catalog_providers SET name = ?, kind = ?, updated_at = ? WHERE id = ?`, p.Name, p.Kind, now, p.ID)
		if err := updated(res, err, "update provider"); err != nil {
			return 0, nil, err
		}
		return p.ID, map[string]any{"name": p.Name, "methods": p.Methods}, writeMethods(ctx, tx, &p)
	})
	if err != nil {
		return Provider{}, err
	}
	return s.Provider(ctx, p.ID)
}

// DeleteProvider removes a provider without fee plans (admin only).
func (s *Service) DeleteProvider(ctx context.Context, actor *auth.User, id int64, r auth.Request) error {
	return s.change(ctx, actor, r, "catalog.provider.delete", "provider", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		p, err := providerByID(ctx, tx, id)
		if err != nil {
			return 0, nil, err
		}
		if n, err := count(ctx, tx, `SELECT COUNT(*) FROM fee_plans WHERE provider_id = ?`, id); err != nil || n > 0 {
			return 0, nil, inUse(err, "catalog.error.provider_in_use")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_providers WHERE id = ?`, id); err != nil {
			return 0, nil, fmt.Errorf("delete provider: %w", err)
		}
		return id, map[string]any{"name": p.Name}, nil
	})
}

func writeMethods(ctx context.Context, tx *db.Tx, p *Provider) error {
	if _, err := tx.Exec(ctx, `DELETE FROM catalog_provider_methods WHERE provider_id = ?`, p.ID); err != nil {
		return fmt.Errorf("clear provider methods: %w", err)
	}
	for _, m := range p.Methods {
		if _, err := tx.Exec(ctx, `INSERT INTO catalog_provider_methods (provider_id, method) VALUES (?, ?)`, p.ID, m); err != nil {
			return fmt.Errorf("insert provider method: %w", err)
		}
	}
	return nil
}
