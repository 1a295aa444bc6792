package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

const modelColumns = `m.id, m.brand_id, b.name AS brand_name, m.name, m.category,
	m.magstripe, m.emv_chip, m.nfc_contactless, m.qr_scan, m.printer, m.pin_pad,
	m.cellular_4g, m.wifi, m.ethernet, m.bluetooth, m.battery_mah, m.screen_tenth_inches, m.touchscreen, m.os,
	m.purchase_fen, m.monthly_rental_fen, m.deposit_fen, m.warranty_months, m.sample, m.created_at, m.updated_at
	FROM catalog_models m JOIN catalog_brands b ON b.id = m.brand_id`

// Models lists the models matching f.
func (s *Service) Models(ctx context.Context, f Filter) ([]Model, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	where, args := f.where()
	var out []Model
	if err := s.db.Select(ctx, &out, `SELECT `+modelColumns+where+` ORDER BY `+f.orderBy(), args...); err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	if err := loadLists(ctx, s.db, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Model returns one model or apperr.ErrNotFound.
func (s *Service) Model(ctx context.Context, id int64) (Model, error) {
	ms, err := modelsByID(ctx, s.db, []int64{id})
	if err != nil {
		return Model{}, err
	}
	m, ok := ms[id]
	if !ok {
		return Model{}, apperr.ErrNotFound
	}
	return m, nil
}

// modelsByID loads the models with the given ids; missing ids are absent
// from the map.
func modelsByID(ctx context.Context, q db.Querier, ids []int64) (map[int64]Model, error) {
	out := make(map[int64]Model, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var list []Model
	err := q.Select(ctx, &list, `SELECT `+modelColumns+` WHERE m.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("models by id: %w", err)
	}
	if err := loadLists(ctx, q, list); err != nil {
		return nil, err
	}
	for _, m := range list {
		out[m.ID] = m
	}
	return out, nil
}

// loadLists fills the certifications and hardware revisions of models with
// two queries, whatever the number of models.
func loadLists(ctx context.Context, q db.Querier, models []Model) error {
	if len(models) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(models))
	ids := make([]int64, len(models))
	for i := range models {
		models[i].Certifications, models[i].HardwareRevisions = []string{}, []string{}
		idx[models[i].ID], ids[i] = i, models[i].ID
	}
	var rows []struct {
		ModelID int64  `db:"model_id"`
		Value   string `db:"value"`
	}
	in := ` WHERE model_id IN (` + placeholders(len(ids)) + `) ORDER BY model_id, position`
	if err := q.Select(ctx, &rows, `SELECT model_id, name AS value FROM catalog_model_certifications`+in, int64Args(ids)...); err != nil {
		return fmt.Errorf("load certifications: %w", err)
	}
	for _, r := range rows {
		m := &models[idx[r.ModelID]]
		m.Certifications = append(m.Certifications, r.Value)
	}
	rows = rows[:0]
	if err := q.Select(ctx, &rows, `SELECT model_id, revision AS value FROM catalog_model_revisions`+in, int64Args(ids)...); err != nil {
		return fmt.Errorf("load revisions: %w", err)
	}
	for _, r := range rows {
		m := &models[idx[r.ModelID]]
		m.HardwareRevisions = append(m.HardwareRevisions, r.Value)
	}
	return nil
}

// CreateModel adds a model (admin only).
func (s *Service) CreateModel(ctx context.Context, actor *auth.User, m Model, r auth.Request) (Model, error) {
	if err := authorize(actor); err != nil {
		return Model{}, err
	}
	if err := m.validate(); err != nil {
		return Model{}, err
	}
	err := s.change(ctx, actor, r, "catalog.model.create", "terminal_model", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		if err := insertModel(ctx, tx, &m, now); err != nil {
			return 0, nil, err
		}
		return m.ID, map[string]any{"name": m.Name}, nil
	})
	if err != nil {
		return Model{}, err
	}
	return s.Model(ctx, m.ID)
}

// UpdateModel replaces a model's attributes (admin only); the sample flag
// is kept.
func (s *Service) UpdateModel(ctx context.Context, actor *auth.User, m Model, r auth.Request) (Model, error) {
	if err := authorize(actor); err != nil {
		return Model{}, err
	}
	if err := m.validate(); err != nil {
		return Model{}, err
	}
	err := s.change(ctx, actor, r, "catalog.model.update", "terminal_model", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		if err := updateModel(ctx, tx, &m, now); err != nil {
			return 0, nil, err
		}
		return m.ID, map[string]any{"name": m.Name}, nil
	})
	if err != nil {
		return Model{}, err
	}
	return s.Model(ctx, m.ID)
}

// DeleteModel removes a model no fee plan prices (admin only). Shortlist
// entries of it go with it; a model a plan still prices is a conflict, so
// deleting hardware never silently changes a plan.
func (s *Service) DeleteModel(ctx context.Context, actor *auth.User, id int64, r auth.Request) error {
	return s.change(ctx, actor, r, "catalog.model.delete", "terminal_model", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		ms, err := modelsByID(ctx, tx, []int64{id})
		if err != nil {
			return 0, nil, err
		}
		m, ok := ms[id]
		if !ok {
			return 0, nil, apperr.ErrNotFound
		}
		if n, err := count(ctx, tx, `SELECT COUNT(*) FROM fee_plan_terminal_prices WHERE model_id = ?`, id); err != nil || n > 0 {
			return 0, nil, inUse(err, "catalog.error.model_in_use")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_models WHERE id = ?`, id); err != nil {
			return 0, nil, fmt.Errorf("delete model: %w", err)
		}
		return id, map[string]any{"name": m.Name}, nil
	})
}

// checkBrand turns a missing brand into a field error on brand_id.
func checkBrand(ctx context.Context, q db.Querier, id int64) error {
	_, err := brandByID(ctx, q, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return apperr.Fields(map[string]string{"brand_id": "catalog.field.brand_id.unknown"})
	}
	return err
}

func insertModel(ctx context.Context, tx *db.Tx, m *Model, now time.Time) error {
	if err := checkBrand(ctx, tx, m.BrandID); err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = now, now
	err := tx.Get(ctx, &m.ID, `INSERT INTO catalog_models (brand_id, name, category,
		magstripe, emv_chip, nfc_contactless, qr_scan, printer, pin_pad, cellular_4g, wifi, ethernet, bluetooth,
		battery_mah, screen_tenth_inches, touchscreen, os, purchase_fen, monthly_rental_fen, deposit_fen, warranty_months,
		sample, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.BrandID, m.Name, m.Category,
		m.Magstripe, m.EMVChip, m.NFCContactless, m.QRScan, m.Printer, m.PINPad, m.Cellular4G, m.WiFi, m.Ethernet, m.Bluetooth,
		m.BatteryMAh, m.Screen, m.Touchscreen, m.OS, m.PurchaseFen, m.MonthlyRentalFen, m.DepositFen, m.WarrantyMonths,
		m.Sample, now, now)
	if err != nil {
		return nameTaken(err, "insert model")
	}
	return writeLists(ctx, tx, m)
}

func updateModel(ctx context.Context, tx *db.Tx, m *Model, now time.Time) error {
	if err := checkBrand(ctx, tx, m.BrandID); err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE catalog_models SET brand_id = ?, name = ?, category = ?,
		magstripe = ?, emv_chip = ?, nfc_contactless = ?, qr_scan = ?, printer = ?, pin_pad = ?,
		cellular_4g = ?, wifi = ?, ethernet = ?, bluetooth = ?, battery_mah = ?, screen_tenth_inches = ?, touchscreen = ?, os = ?,
		purchase_fen = ?, monthly_rental_fen = ?, deposit_fen = ?, warranty_months = ?, updated_at = ?
		WHERE id = ?`,
		m.BrandID, m.Name, m.Category,
		m.Magstripe, m.EMVChip, m.NFCContactless, m.QRScan, m.Printer, m.PINPad,
		m.Cellular4G, m.WiFi, m.Ethernet, m.Bluetooth, m.BatteryMAh, m.Screen, m.Touchscreen, m.OS,
		m.PurchaseFen, m.MonthlyRentalFen, m.DepositFen, m.WarrantyMonths, now, m.ID)
	if err := updated(res, err, "update model"); err != nil {
		return err
	}
	m.UpdatedAt = now
	return writeLists(ctx, tx, m)
}

// writeLists replaces the model's certifications and revisions.
func writeLists(ctx context.Context, tx *db.Tx, m *Model) error {
	for _, stmt := range []string{
		`DELETE FROM catalog_model_certifications WHERE model_id = ?`,
		`DELETE FROM catalog_model_revisions WHERE model_id = ?`,
	} {
		if _, err := tx.Exec(ctx, stmt, m.ID); err != nil {
			return fmt.Errorf("clear model lists: %w", err)
		}
	}
	for i, c := range m.Certifications {
		if _, err := tx.Exec(ctx, `INSERT INTO catalog_model_certifications (model_id, position, name) VALUES (?, ?, ?)`, m.ID, i, c); err != nil {
			return fmt.Errorf("insert certification: %w", err)
		}
	}
	for i, rev := range m.HardwareRevisions {
		if _, err := tx.Exec(ctx, `INSERT INTO catalog_model_revisions (model_id, position, revision) VALUES (?, ?, ?)`, m.ID, i, rev); err != nil {
			return fmt.Errorf("insert revision: %w", err)
		}
	}
	return nil
}

// modelIDByName finds a model by brand and name (the CSV key); ok is false
// when there is none.
func modelIDByName(ctx context.Context, q db.Querier, brandID int64, name string) (id int64, ok bool, err error) {
	err = q.Get(ctx, &id, `SELECT id FROM catalog_models WHERE brand_id = ? AND name = ?`, brandID, name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("model by name: %w", err)
	}
	return id, true, nil
}
