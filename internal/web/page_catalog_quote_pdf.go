package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/pdf"
	"posportal/internal/shanghai"
)

// feesComparisonPDF is GET /fees/comparison.pdf?<the calculator's query>:
// the same ranking as the page, to take away (§7). An invalid query goes
// back to the form, which shows what is wrong.
func (s *Server) feesComparisonPDF(c *gin.Context) {
	ctx := c.Request.Context()
	query := c.Request.URL.Query()
	f := readQuoteForm(query)
	models, err := s.Catalog.Models(ctx, catalog.Filter{Sort: catalog.SortName})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := feesQuoteData{catalogView: catalogView{langOf(c)}}
	var fc catalog.FeeComparison
	var rows []feesQuoteRow
	if len(f.Errors) == 0 {
		fc, rows, err = s.rankPlans(ctx, f.Req, models, &d)
	}
	if e := apperr.As(err); len(f.Errors) > 0 || (e != nil && e.Code == apperr.Validation) {
		c.Redirect(http.StatusSeeOther, "/fees?"+query.Encode())
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := feesComparisonDoc(s.PDFFont, d.catalogView, f.Req, fc.Summary, models, rows, time.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="fee-comparison.pdf"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/pdf", b)
}

// feesComparisonDoc renders the comparison: the merchant's volume and
// terms, the ranking, and notes on what each plan leaves out.
func feesComparisonDoc(font *pdf.Font, v catalogView, req fees.QuoteRequest, vol fees.Summary, models []catalog.Model, rows []feesQuoteRow, now time.Time) ([]byte, error) {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%+v", req)))
	doc := pdf.New(font, pdf.Meta{
		Title: v.t("fees.pdf.title"), DocumentID: "FQ-" + now.In(shanghai.Location).Format("20060102") + "-" + hex.EncodeToString(sum[:4]),
		Lang: v.Lang, PortalName: v.t("app.name"), GeneratedAt: now,
	})
	doc.Heading(v.t("fees.pdf.title"))
	doc.Paragraph(v.t("catalog.sample_note"))

	doc.Heading(v.t("fees.pdf.volume"))
	var volRows [][]string
	for _, cv := range req.Profile.Channels {
		// The comparison summed these volumes without overflow, so each fits.
		fen, _ := cv.MonthlyVolumeFen()
		volRows = append(volRows, []string{v.Channel(cv.Channel), strconv.FormatInt(cv.MonthlyCount, 10),
			v.Yuan(cv.AverageTicketFen), v.Yuan(fen)})
	}
	doc.Table([]pdf.Column{
		{Header: v.t("fees.quote.channel")},
		{Header: v.t("fees.quote.count"), Width: 36, Align: "R"},
		{Header: v.t("fees.quote.ticket"), Width: 40, Align: "R"},
		{Header: v.t("fees.pdf.monthly_volume"), Width: 44, Align: "R"},
	}, volRows)
	model := v.t("fees.quote.model.any")
	if req.ModelID != nil {
		for _, m := range models {
			if m.ID == *req.ModelID {
				model = m.BrandName + " " + m.Name
			}
		}
	}
	acq, settle := v.t("fees.quote.purchase"), v.t("fees.quote.t1")
	if req.Acquisition == fees.Rental {
		acq = v.t("fees.quote.rental")
	}
	if req.Settlement == fees.SettlementD0 {
		settle = v.t("fees.quote.d0")
	}
	doc.KeyValues(
		pdf.KV{Key: v.t("fees.pdf.monthly_volume"), Value: v.Yuan(vol.MonthlyVolumeFen)},
		pdf.KV{Key: v.t("fees.quote.months"), Value: strconv.Itoa(req.Months)},
		pdf.KV{Key: v.t("fees.quote.terminals"), Value: strconv.FormatInt(req.TerminalCount, 10) + " · " + acq},
		pdf.KV{Key: v.t("fees.quote.model"), Value: model},
		pdf.KV{Key: v.t("fees.quote.settlement"), Value: settle},
	)

	doc.Heading(v.t("fees.pdf.ranking"))
	var ranking [][]string
	var notes []string
	for _, r := range rows {
		name := r.PlanName
		if len(r.UnsupportedChannels) > 0 {
			name += " *"
		}
		ranking = append(ranking, []string{strconv.Itoa(r.Rank), name, r.Provider, v.Yuan(r.ProcessingFen), v.Yuan(r.FixedFeesFen),
			v.Yuan(r.TerminalFen), v.Yuan(r.DepositNetFen()), v.Yuan(r.TotalFen), r.EffectiveRateBP.String()})
		if len(r.UnsupportedChannels) > 0 {
			notes = append(notes, v.t("fees.pdf.note.unsupported", r.PlanName, v.ChannelList(r.UnsupportedChannels)))
		}
		switch {
		case r.DepositPaidFen > 0 && r.DepositRefundMonth != nil:
			notes = append(notes, v.t("fees.pdf.note.deposit", r.PlanName, v.Yuan(r.DepositPaidFen), *r.DepositRefundMonth))
		case r.DepositPaidFen > 0:
			notes = append(notes, v.t("fees.pdf.note.deposit_kept", r.PlanName, v.Yuan(r.DepositPaidFen), req.Months))
		}
		if r.TerminalPriceMissing {
			notes = append(notes, v.t("fees.pdf.note.terminal_missing", r.PlanName))
		}
	}
	doc.Table([]pdf.Column{
		{Header: v.t("fees.quote.rank"), Width: 9, Align: "R"},
		{Header: v.t("fees.quote.plan")},
		{Header: v.t("catalog.model.matrix.provider"), Width: 24},
		{Header: v.t("fees.quote.processing"), Width: 20, Align: "R"},
		{Header: v.t("fees.quote.fixed"), Width: 18, Align: "R"},
		{Header: v.t("fees.quote.terminal"), Width: 18, Align: "R"},
		{Header: v.t("fees.pdf.deposit_net"), Width: 16, Align: "R"},
		{Header: v.t("fees.quote.total"), Width: 22, Align: "R"},
		{Header: v.t("fees.quote.rate") + " (bp)", Width: 15, Align: "R"},
	}, ranking)

	doc.Heading(v.t("fees.pdf.notes"))
	for _, n := range notes {
		doc.Paragraph(n)
	}
	doc.Paragraph(v.t("fees.quote.formula"))
	return doc.Bytes()
}
