package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Plan is a stored fee plan: the §11 fee plan (fees.Plan, with its id and
// provider name) plus what the catalog knows about it.
type Plan struct {
	fees.Plan
	Sample    bool      `json:"sample"`
	UpdatedAt time.Time `json:"updated_at"`
}

type planRow struct {
	ID                     int64     `db:"id"`
	ProviderID             int64     `db:"provider_id"`
	ProviderName           string    `db:"provider_name"`
	Name                   string    `db:"name"`
	MonthlyFeeFen          int64     `db:"monthly_fee_fen"`
	AnnualFeeFen           int64     `db:"annual_fee_fen"`
	SetupFeeFen            int64     `db:"setup_fee_fen"`
	DepositFen             int64     `db:"deposit_fen"`
	DepositRefundVolumeFen int64     `db:"deposit_refund_volume_fen"`
	DepositRefundMonths    int       `db:"deposit_refund_months"`
	D0SurchargePPM         int64     `db:"d0_surcharge_ppm"`
	Sample                 bool      `db:"sample"`
	UpdatedAt              time.Time `db:"updated_at"`
}

type rateRow struct {
	PlanID       int64        `db:"plan_id"`
	Channel      fees.Channel `db:"channel"`
	RatePPM      int64        `db:"rate_ppm"`
	CapFen       *int64       `db:"cap_fen"`
	FixedFen     int64        `db:"fixed_fen"`
	MinTicketFen int64        `db:"min_ticket_fen"`
	MaxTicketFen *int64       `db:"max_ticket_fen"`
}

type priceRow struct {
	PlanID           int64 `db:"plan_id"`
	ModelID          int64 `db:"model_id"`
	PurchaseFen      int64 `db:"purchase_fen"`
	MonthlyRentalFen int64 `db:"monthly_rental_fen"`
}

const planColumns = `p.id, p.provider_id, v.name AS provider_name, p.name, p.monthly_fee_fen, p.annual_fee_fen, p.setup_fee_fen,
	p.deposit_fen, p.deposit_refund_volume_fen, p.deposit_refund_months, p.d0_surcharge_ppm, p.sample, p.updated_at
	FROM fee_plans p JOIN catalog_providers v ON v.id = p.provider_id`

// Plans lists every fee plan by provider and name.
func (s *Service) Plans(ctx context.Context) ([]Plan, error) {
	return plans(ctx, s.db, "", nil)
}

// Plan returns one fee plan or apperr.ErrNotFound.
func (s *Service) Plan(ctx context.Context, id int64) (Plan, error) {
	return planByID(ctx, s.db, id)
}

// PlansForModel lists the plans that price model id.
func (s *Service) PlansForModel(ctx context.Context, id int64) ([]Plan, error) {
	return plans(ctx, s.db, ` WHERE p.id IN (SELECT plan_id FROM fee_plan_terminal_prices WHERE model_id = ?)`, []any{id})
}

func planByID(ctx context.Context, q db.Querier, id int64) (Plan, error) {
	ps, err := plans(ctx, q, ` WHERE p.id = ?`, []any{id})
	if err != nil {
		return Plan{}, err
	}
	if len(ps) == 0 {
		return Plan{}, apperr.ErrNotFound
	}
	return ps[0], nil
}

// plans loads plans with their rate rows and terminal prices in three
// queries, whatever the number of plans (a quote loads them all).
func plans(ctx context.Context, q db.Querier, where string, args []any) ([]Plan, error) {
	var rows []planRow
	if err := q.Select(ctx, &rows, `SELECT `+planColumns+where+` ORDER BY v.name, p.name, p.id`, args...); err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	out := make([]Plan, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := make(map[int64]int, len(rows))
	for i, r := range rows {
		out[i] = Plan{Plan: fees.Plan{
			ID: r.ID, ProviderID: r.ProviderID, Provider: r.ProviderName, Name: r.Name, Rates: []fees.RateRow{},
			MonthlyFeeFen: r.MonthlyFeeFen, AnnualFeeFen: r.AnnualFeeFen, SetupFeeFen: r.SetupFeeFen,
			DepositFen: r.DepositFen, DepositRefundVolumeFen: r.DepositRefundVolumeFen, DepositRefundMonths: r.DepositRefundMonths,
			D0SurchargePPM: r.D0SurchargePPM, TerminalPrices: []fees.TerminalPrice{},
		}, Sample: r.Sample, UpdatedAt: r.UpdatedAt}
		idx[r.ID] = i
	}
	// The child rows are selected by the same filter as the plans, as a
	// subquery: one short statement whatever the number of plans, where a
	// list of 200 ids made parsing the statement a fifth of a quote's time.
	in := ` WHERE plan_id IN (SELECT p.id FROM fee_plans p JOIN catalog_providers v ON v.id = p.provider_id` + where + `)`
	var rates []rateRow
	if err := q.Select(ctx, &rates, `SELECT plan_id, channel, rate_ppm, cap_fen, fixed_fen, min_ticket_fen, max_ticket_fen
		FROM fee_plan_rates`+in+` ORDER BY plan_id, position`, args...); err != nil {
		return nil, fmt.Errorf("plan rates: %w", err)
	}
	// The three reads are separate statements: a plan created between
	// them has rows here but is not in out, and must not be added to
	// out[0] (the zero index of a missing key).
	for _, r := range rates {
		i, ok := idx[r.PlanID]
		if !ok {
			continue
		}
		p := &out[i]
		p.Rates = append(p.Rates, fees.RateRow{Channel: r.Channel, RatePPM: r.RatePPM, CapFen: r.CapFen, FixedFen: r.FixedFen,
			MinTicketFen: r.MinTicketFen, MaxTicketFen: r.MaxTicketFen})
	}
	var prices []priceRow
	if err := q.Select(ctx, &prices, `SELECT plan_id, model_id, purchase_fen, monthly_rental_fen
		FROM fee_plan_terminal_prices`+in+` ORDER BY plan_id, model_id`, args...); err != nil {
		return nil, fmt.Errorf("plan terminal prices: %w", err)
	}
	for _, r := range prices {
		i, ok := idx[r.PlanID]
		if !ok {
			continue
		}
		p := &out[i]
		p.TerminalPrices = append(p.TerminalPrices, fees.TerminalPrice{ModelID: r.ModelID, PurchaseFen: r.PurchaseFen, MonthlyRentalFen: r.MonthlyRentalFen})
	}
	return out, nil
}

// checkPlan validates p with package fees and against the catalog (the
// provider and every priced model must exist), reporting all at once.
func checkPlan(ctx context.Context, q db.Querier, p *fees.Plan) error {
	f := map[string]string{}
	if err := p.Validate(); err != nil {
		e := apperr.As(feeFields(err))
		if e == nil {
			return err
		}
		maps.Copy(f, e.Fields)
	}
	if p.ProviderID > 0 {
		if _, err := providerByID(ctx, q, p.ProviderID); errors.Is(err, apperr.ErrNotFound) {
			f["provider_id"] = "catalog.field.provider_id.unknown"
		} else if err != nil {
			return err
		}
	}
	ids := make([]int64, len(p.TerminalPrices))
	for i, tp := range p.TerminalPrices {
		ids[i] = tp.ModelID
	}
	models, err := modelsByID(ctx, q, ids)
	if err != nil {
		return err
	}
	for i, tp := range p.TerminalPrices {
		key := fmt.Sprintf("terminal_prices[%d].model_id", i)
		if _, ok := models[tp.ModelID]; !ok && f[key] == "" {
			f[key] = "catalog.field.model_id.unknown"
		}
	}
	return fieldsErr(f)
}

// CreatePlan stores a new fee plan for a provider (admin only).
func (s *Service) CreatePlan(ctx context.Context, actor *auth.User, p Plan, r auth.Request) (Plan, error) {
	if err := authorize(actor); err != nil {
		return Plan{}, err
	}
	err := s.change(ctx, actor, r, "catalog.plan.create", "fee_plan", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		if err := checkPlan(ctx, tx, &p.Plan); err != nil {
			return 0, nil, err
		}
		err := tx.Get(ctx, &p.ID, `INSERT INTO fee_plans (provider_id, name, monthly_fee_fen, annual_fee_fen, setup_fee_fen,
			deposit_fen, deposit_refund_volume_fen, deposit_refund_months, d0_surcharge_ppm, sample, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.ProviderID, p.Name, p.MonthlyFeeFen, p.AnnualFeeFen, p.SetupFeeFen,
			p.DepositFen, p.DepositRefundVolumeFen, p.DepositRefundMonths, p.D0SurchargePPM, p.Sample, now, now)
		if err != nil {
			return 0, nil, nameTaken(err, "insert plan")
		}
		return p.ID, map[string]any{"name": p.Name, "provider_id": p.ProviderID}, writePlanRows(ctx, tx, &p.Plan)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, p.ID)
}

// UpdatePlan replaces a plan's fees, rate rows and terminal prices (admin
// only); the sample flag is kept.
func (s *Service) UpdatePlan(ctx context.Context, actor *auth.User, p Plan, r auth.Request) (Plan, error) {
	if err := authorize(actor); err != nil {
		return Plan{}, err
	}
	err := s.change(ctx, actor, r, "catalog.plan.update", "fee_plan", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		if err := checkPlan(ctx, tx, &p.Plan); err != nil {
			return 0, nil, err
		}
		res, err := tx.Exec(ctx, `UPDATE fee_plans SET provider_id = ?, name = ?, monthly_fee_fen = ?, annual_fee_fen = ?,
			setup_fee_fen = ?, deposit_fen = ?, deposit_refund_volume_fen = ?, deposit_refund_months = ?, d0_surcharge_ppm = ?,
			updated_at = ? WHERE id = ?`,
			p.ProviderID, p.Name, p.MonthlyFeeFen, p.AnnualFeeFen, p.SetupFeeFen,
			p.DepositFen, p.DepositRefundVolumeFen, p.DepositRefundMonths, p.D0SurchargePPM, now, p.ID)
		if err := updated(res, err, "update plan"); err != nil {
			return 0, nil, err
		}
		return p.ID, map[string]any{"name": p.Name, "provider_id": p.ProviderID}, writePlanRows(ctx, tx, &p.Plan)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, p.ID)
}

// DeletePlan removes a fee plan (admin only).
func (s *Service) DeletePlan(ctx context.Context, actor *auth.User, id int64, r auth.Request) error {
	return s.change(ctx, actor, r, "catalog.plan.delete", "fee_plan", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		p, err := planByID(ctx, tx, id)
		if err != nil {
			return 0, nil, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM fee_plans WHERE id = ?`, id); err != nil {
			return 0, nil, fmt.Errorf("delete plan: %w", err)
		}
		return id, map[string]any{"name": p.Name, "provider_id": p.ProviderID}, nil
	})
}

// writePlanRows replaces the plan's rate rows and terminal prices.
func writePlanRows(ctx context.Context, tx *db.Tx, p *fees.Plan) error {
	for _, stmt := range []string{`DELETE FROM fee_plan_rates WHERE plan_id = ?`, `DELETE FROM fee_plan_terminal_prices WHERE plan_id = ?`} {
		if _, err := tx.Exec(ctx, stmt, p.ID); err != nil {
			return fmt.Errorf("clear plan rows: %w", err)
		}
	}
	for i, r := range p.Rates {
		if _, err := tx.Exec(ctx, `INSERT INTO fee_plan_rates (plan_id, position, channel, rate_ppm, cap_fen, fixed_fen, min_ticket_fen, max_ticket_fen)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, i, r.Channel, r.RatePPM, r.CapFen, r.FixedFen, r.MinTicketFen, r.MaxTicketFen); err != nil {
			return fmt.Errorf("insert rate row: %w", err)
		}
	}
	for _, tp := range p.TerminalPrices {
		if _, err := tx.Exec(ctx, `INSERT INTO fee_plan_terminal_prices (plan_id, model_id, purchase_fen, monthly_rental_fen)
			VALUES (?, ?, ?, ?)`, p.ID, tp.ModelID, tp.PurchaseFen, tp.MonthlyRentalFen); err != nil {
			return fmt.Errorf("insert terminal price: %w", err)
		}
	}
	return nil
}
