package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/money"
)

// A plan form shows its rate rows plus this many empty ones, so an admin
// can add bands without script; the hidden rate_rows says how many rows
// the form had.
const (
	planBlankRows = 4
	planMaxRows   = fees.MaxRateRows
)

type catalogPlanFormData struct {
	catalogView
	ID        int64
	Providers []catalog.Provider
	Models    []catalog.Model
	Channels  []fees.Channel
	RateRows  []int
}

// RateField names the input of field of rate row i.
func (d catalogPlanFormData) RateField(i int, field string) string {
	return fmt.Sprintf("rate_%d_%s", i, field)
}

// catalogRateInput is one numeric input of a rate row: its field suffix
// and the message key of its column.
type catalogRateInput struct{ Field, Label string }

// RateInputs lists a rate row's numeric inputs in column order.
func (d catalogPlanFormData) RateInputs() []catalogRateInput {
	return []catalogRateInput{
		{"rate", "admin.catalog.plan.rate"}, {"min", "admin.catalog.plan.min_ticket"}, {"max", "admin.catalog.plan.max_ticket"},
		{"cap", "admin.catalog.plan.cap"}, {"fixed", "admin.catalog.plan.fixed"},
	}
}

// PriceField names the input of a model's terminal price.
func (d catalogPlanFormData) PriceField(modelID int64, field string) string {
	return fmt.Sprintf("tp_%d_%s", modelID, field)
}

func optYuanValue(fen *int64) string {
	if fen == nil {
		return ""
	}
	return money.Plain(*fen)
}

func planValues(p catalog.Plan) map[string]string {
	v := map[string]string{
		"provider_id": strconv.FormatInt(p.ProviderID, 10), "name": p.Name,
		"monthly_fee_fen": money.Plain(p.MonthlyFeeFen), "annual_fee_fen": money.Plain(p.AnnualFeeFen),
		"setup_fee_fen": money.Plain(p.SetupFeeFen), "d0_surcharge_ppm": ppmPercent(p.D0SurchargePPM),
		"deposit_fen": money.Plain(p.DepositFen), "deposit_refund_volume_fen": money.Plain(p.DepositRefundVolumeFen),
		"deposit_refund_months": strconv.Itoa(p.DepositRefundMonths),
		"rate_rows":             strconv.Itoa(len(p.Rates) + planBlankRows),
	}
	for i, r := range p.Rates {
		v[fmt.Sprintf("rate_%d_channel", i)] = string(r.Channel)
		v[fmt.Sprintf("rate_%d_rate", i)] = ppmPercent(r.RatePPM)
		v[fmt.Sprintf("rate_%d_cap", i)] = optYuanValue(r.CapFen)
		v[fmt.Sprintf("rate_%d_fixed", i)] = money.Plain(r.FixedFen)
		v[fmt.Sprintf("rate_%d_min", i)] = money.Plain(r.MinTicketFen)
		v[fmt.Sprintf("rate_%d_max", i)] = optYuanValue(r.MaxTicketFen)
	}
	for _, tp := range p.TerminalPrices {
		v[fmt.Sprintf("tp_%d_purchase", tp.ModelID)] = money.Plain(tp.PurchaseFen)
		v[fmt.Sprintf("tp_%d_rental", tp.ModelID)] = money.Plain(tp.MonthlyRentalFen)
	}
	return v
}

func (s *Server) renderPlanForm(c *gin.Context, status int, id int64, f Form) {
	ctx := c.Request.Context()
	d := catalogPlanFormData{catalogView: catalogView{langOf(c)}, ID: id, Channels: fees.Channels()}
	var err error
	if d.Providers, err = s.Catalog.Providers(ctx); err == nil {
		d.Models, err = s.Catalog.Models(ctx, catalog.Filter{Sort: catalog.SortName})
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, _ := strconv.Atoi(f.Values["rate_rows"])
	rows = min(max(rows, planBlankRows), planMaxRows)
	for i := range rows {
		d.RateRows = append(d.RateRows, i)
	}
	if f.Values != nil {
		f.Values["rate_rows"] = strconv.Itoa(rows)
	}
	s.render.render(c, status, "admin_catalog_plan", s.formPage(c, "admin.catalog.plan.title", d, f))
}

// adminPlanNew is GET /admin/catalog/plans/new.
func (s *Server) adminPlanNew(c *gin.Context) {
	s.renderPlanForm(c, http.StatusOK, 0, Form{Values: map[string]string{"rate_rows": strconv.Itoa(2 * planBlankRows)}})
}

// adminPlanEdit is GET /admin/catalog/plans/:id.
func (s *Server) adminPlanEdit(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Catalog.Plan(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderPlanForm(c, http.StatusOK, id, Form{Values: planValues(p)})
}

// planForm is a submitted plan form and how its rows map to the plan.
type planForm struct {
	*catalogAdminForm
	plan catalog.Plan
	// rateRow[k] is the form row of plan.Rates[k]; priceModel[k] the model
	// of plan.TerminalPrices[k].
	rateRow    []int
	priceModel []int64
}

func (s *Server) readPlanForm(c *gin.Context, id int64) (*planForm, error) {
	models, err := s.Catalog.Models(c.Request.Context(), catalog.Filter{Sort: catalog.SortName})
	if err != nil {
		return nil, err
	}
	f := &planForm{catalogAdminForm: newCatalogAdminForm(c)}
	p := &f.plan
	p.ID, p.ProviderID, p.Name = id, f.integer("provider_id"), f.str("name")
	p.MonthlyFeeFen, p.AnnualFeeFen, p.SetupFeeFen = f.yuan("monthly_fee_fen"), f.yuan("annual_fee_fen"), f.yuan("setup_fee_fen")
	p.D0SurchargePPM = f.percent("d0_surcharge_ppm")
	p.DepositFen, p.DepositRefundVolumeFen = f.yuan("deposit_fen"), f.yuan("deposit_refund_volume_fen")
	p.DepositRefundMonths = int(f.integer("deposit_refund_months"))
	rows := min(int(f.integer("rate_rows")), planMaxRows)
	for i := range rows {
		field := func(name string) string { return fmt.Sprintf("rate_%d_%s", i, name) }
		ch := fees.Channel(f.str(field("channel")))
		r := fees.RateRow{Channel: ch, RatePPM: f.percent(field("rate")), FixedFen: f.yuan(field("fixed")), MinTicketFen: f.yuan(field("min"))}
		if v, ok := f.optYuan(field("cap")); ok {
			r.CapFen = &v
		}
		if v, ok := f.optYuan(field("max")); ok {
			r.MaxTicketFen = &v
		}
		if ch == "" {
			continue // an empty row
		}
		p.Rates = append(p.Rates, r)
		f.rateRow = append(f.rateRow, i)
	}
	for _, m := range models {
		purchase, hasP := f.optYuan(fmt.Sprintf("tp_%d_purchase", m.ID))
		rental, hasR := f.optYuan(fmt.Sprintf("tp_%d_rental", m.ID))
		if hasP || hasR {
			p.TerminalPrices = append(p.TerminalPrices, fees.TerminalPrice{ModelID: m.ID, PurchaseFen: purchase, MonthlyRentalFen: rental})
			f.priceModel = append(f.priceModel, m.ID)
		}
	}
	return f, nil
}

var (
	planRatePath  = regexp.MustCompile(`^rates\[(\d+)\]\.(\w+)$`)
	planPricePath = regexp.MustCompile(`^terminal_prices\[(\d+)\]\.(\w+)$`)
	planRateInput = map[string]string{"channel": "channel", "rate_ppm": "rate", "cap_fen": "cap", "fixed_fen": "fixed", "min_ticket_fen": "min", "max_ticket_fen": "max"}
)

// formErrors maps the service's field paths onto the form's inputs.
func (f *planForm) formErrors(fields map[string]string) (map[string]string, string) {
	out, formKey := map[string]string{}, ""
	for path, key := range fields {
		if m := planRatePath.FindStringSubmatch(path); m != nil {
			k, _ := strconv.Atoi(m[1])
			if in, ok := planRateInput[m[2]]; ok && k < len(f.rateRow) {
				out[fmt.Sprintf("rate_%d_%s", f.rateRow[k], in)] = key
				continue
			}
		}
		if m := planPricePath.FindStringSubmatch(path); m != nil {
			k, _ := strconv.Atoi(m[1])
			if k < len(f.priceModel) {
				in := "purchase"
				if m[2] == "monthly_rental_fen" {
					in = "rental"
				}
				out[fmt.Sprintf("tp_%d_%s", f.priceModel[k], in)] = key
				continue
			}
		}
		if _, isInput := f.Values[path]; isInput {
			out[path] = key
		} else {
			formKey = key // e.g. "rates": at least one rate row is required
		}
	}
	return out, formKey
}

// adminPlanSave is POST /admin/catalog/plans and /admin/catalog/plans/:id.
func (s *Server) adminPlanSave(c *gin.Context) {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = catalogID(c, "id"); err != nil {
			s.fail(c, err)
			return
		}
	}
	f, err := s.readPlanForm(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(f.Errors) > 0 {
		s.renderPlanForm(c, http.StatusUnprocessableEntity, id, Form{Values: f.Values, Errors: f.Errors, Error: "error.validation"})
		return
	}
	if id == 0 {
		_, err = s.Catalog.CreatePlan(c.Request.Context(), currentUser(c), f.plan, clientRequest(c))
	} else {
		_, err = s.Catalog.UpdatePlan(c.Request.Context(), currentUser(c), f.plan, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.saved", "plans", func(status int, e *apperr.Error) {
		fields, formKey := f.formErrors(e.Fields)
		if formKey == "" {
			formKey = e.Key
		}
		s.renderPlanForm(c, status, id, Form{Values: f.Values, Errors: fields, Error: formKey})
	})
}

// adminPlanDelete is POST /admin/catalog/plans/:id/delete.
func (s *Server) adminPlanDelete(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err == nil {
		err = s.Catalog.DeletePlan(c.Request.Context(), currentUser(c), id, clientRequest(c))
	}
	// The plan list has no form to return to: any refusal is the error page.
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.catalog.deleted")
	c.Redirect(http.StatusSeeOther, "/admin/catalog#plans")
}
