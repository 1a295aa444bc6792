package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/auth"
)

type feesQuoteData struct {
	catalogView
	Channels []fees.Channel
	Models   []catalog.Model
	// Ran is true once a ranking is shown.
	Ran       bool
	Prefilled bool
	Quotes    []feesQuoteRow
	Chart     feesChart
	Months    int
	// MonthlyVolumeFen is what the merchant entered; TotalVolumeFen over
	// the horizon.
	MonthlyVolumeFen, TotalVolumeFen int64
	PDFURL                           string
	Sample                           bool
}

// feesQuoteRow is one ranked plan with what the page says about it.
type feesQuoteRow struct {
	fees.PlanQuote
	Rank int
	// Best marks the comparison's best plan (fees.BestPlanID).
	Best         bool
	Sample       bool
	TerminalName string
}

// feesQuotePage is GET /fees: the calculator form and, once submitted
// (or prefilled from the merchant's application), the ranking, its chart
// and the PDF link.
func (s *Server) feesQuotePage(c *gin.Context) {
	ctx := c.Request.Context()
	d := feesQuoteData{catalogView: catalogView{langOf(c)}, Channels: fees.Channels()}
	var err error
	if d.Models, err = s.Catalog.Models(ctx, catalog.Filter{Sort: catalog.SortName}); err != nil {
		s.fail(c, err)
		return
	}
	query := c.Request.URL.Query()
	run := quoteSubmitted(query)
	if !run {
		p, ok, err := s.quoteProfile(ctx, currentUser(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		if ok {
			query, run, d.Prefilled = prefilledQuery(query, p), true, true
		}
	}
	f := readQuoteForm(query)
	form := Form{Values: f.Values}
	if !run {
		s.render.render(c, http.StatusOK, "fees_quote", s.formPage(c, "fees.quote.title", d, form))
		return
	}
	if len(f.Errors) > 0 {
		form.Errors, form.Error = f.Errors, "error.validation"
		s.render.render(c, http.StatusUnprocessableEntity, "fees_quote", s.formPage(c, "fees.quote.title", d, form))
		return
	}
	fc, rows, err := s.rankPlans(ctx, f.Req, d.Models, &d)
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		form.Errors, form.Error = f.fieldErrors(e)
		s.render.render(c, http.StatusUnprocessableEntity, "fees_quote", s.formPage(c, "fees.quote.title", d, form))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Ran, d.Quotes, d.Months = true, rows, f.Req.Months
	d.Chart = newFeesChart(rows, d.Yuan)
	d.MonthlyVolumeFen, d.TotalVolumeFen = fc.MonthlyVolumeFen, fc.TotalVolumeFen
	d.PDFURL = "/fees/comparison.pdf?" + quoteQuery(f.Values).Encode()
	s.render.render(c, http.StatusOK, "fees_quote", s.formPage(c, "fees.quote.title", d, form))
}

// quoteProfile asks the application (when wired) for a signed-in
// merchant's expected volume.
func (s *Server) quoteProfile(ctx context.Context, u *auth.User) (fees.Profile, bool, error) {
	if s.QuoteProfiles == nil || u == nil || u.Role != auth.Merchant {
		return fees.Profile{}, false, nil
	}
	return s.QuoteProfiles.ProfileFor(ctx, u.ID)
}

// rankPlans runs the comparison the API returns and decorates each plan
// for the page and the PDF: rank, best mark, sample flag and the
// terminal's name.
func (s *Server) rankPlans(ctx context.Context, req fees.QuoteRequest, models []catalog.Model, d *feesQuoteData) (catalog.FeeComparison, []feesQuoteRow, error) {
	fc, err := s.Catalog.CompareFees(ctx, req)
	if err != nil {
		return fc, nil, err
	}
	names := make(map[int64]string, len(models))
	for _, m := range models {
		names[m.ID] = m.BrandName + " " + m.Name
	}
	rows := make([]feesQuoteRow, len(fc.Quotes))
	for i, q := range fc.Quotes {
		rows[i] = feesQuoteRow{PlanQuote: q.PlanQuote, Rank: i + 1, Sample: q.Sample,
			Best: fc.BestPlanID != nil && q.PlanID == *fc.BestPlanID}
		if q.TerminalModelID != nil {
			rows[i].TerminalName = names[*q.TerminalModelID]
		}
		d.Sample = d.Sample || rows[i].Sample
	}
	return fc, rows, nil
}

// RefundMonth is the month the deposit comes back, 0 for never.
func (r feesQuoteRow) RefundMonth() int {
	if r.DepositRefundMonth == nil {
		return 0
	}
	return *r.DepositRefundMonth
}
