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
	// NoFont is true when PDFs cannot show Chinese on this server.
	NoFont bool
	Sample bool
}

// feesQuoteRow is one ranked plan with what the page says about it.
type feesQuoteRow struct {
	fees.PlanQuote
	Rank         int
	Sample       bool
	TerminalName string
}

// feesQuotePage is GET /fees: the calculator form and, once submitted
// (or prefilled from the merchant's application), the ranking, its chart
// and the PDF link.
func (s *Server) feesQuotePage(c *gin.Context) {
	ctx := c.Request.Context()
	d := feesQuoteData{catalogView: catalogView{langOf(c)}, Channels: fees.Channels(), NoFont: !s.PDFFont.CJK()}
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
			query, run, d.Prefilled = prefilledQuery(p), true, true
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
	rows, err := s.rankPlans(ctx, f.Req, d.Models, &d)
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
	quotes := make([]fees.PlanQuote, len(rows))
	for i := range rows {
		quotes[i] = rows[i].PlanQuote
	}
	d.Chart = newFeesChart(quotes, d.Yuan)
	for _, cv := range f.Req.Profile.Channels {
		d.MonthlyVolumeFen += cv.MonthlyCount * cv.AverageTicketFen
	}
	d.TotalVolumeFen = d.MonthlyVolumeFen * int64(f.Req.Months)
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

// rankPlans runs the quote and decorates each plan for the page and the
// PDF: rank, sample flag and the terminal's name.
func (s *Server) rankPlans(ctx context.Context, req fees.QuoteRequest, models []catalog.Model, d *feesQuoteData) ([]feesQuoteRow, error) {
	quotes, err := s.Catalog.Quote(ctx, req)
	if err != nil {
		return nil, err
	}
	plans, err := s.Catalog.Plans(ctx)
	if err != nil {
		return nil, err
	}
	sample := make(map[int64]bool, len(plans))
	for _, p := range plans {
		sample[p.ID] = p.Sample
	}
	names := make(map[int64]string, len(models))
	for _, m := range models {
		names[m.ID] = m.BrandName + " " + m.Name
	}
	rows := make([]feesQuoteRow, len(quotes))
	for i, q := range quotes {
		rows[i] = feesQuoteRow{PlanQuote: q, Rank: i + 1, Sample: sample[q.PlanID]}
		if q.TerminalModelID != nil {
			rows[i].TerminalName = names[*q.TerminalModelID]
		}
		d.Sample = d.Sample || rows[i].Sample
	}
	return rows, nil
}
