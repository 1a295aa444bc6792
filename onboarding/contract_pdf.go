package onboarding

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/i18n"
	"posportal/internal/money"
	"posportal/internal/pdf"
	"posportal/internal/shanghai"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// renderContract lays out the contract of §2.4 in lang; account is the
// settlement account number in full, which the contract states. Given the same
// inputs it yields the same bytes, but the stored PDF is what counts: it
// is rendered once and kept. A contract must say exactly what is agreed, so
// if any character of it (a rare name character beyond what the font or
// gofpdf can draw, such as CJK Extension B) would print as '?', no PDF is
// produced and the merchant is told which characters and to contact the bank.
func renderContract(font *pdf.Font, lang, number string, a Application, account string, t ContractTerms, at time.Time) ([]byte, error) {
	tr := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	d := pdf.New(font, pdf.Meta{Title: tr("contract.pdf.title"), DocumentID: number, Lang: lang, PortalName: tr("app.name"), GeneratedAt: at})
	d.Heading(tr("contract.pdf.title"))
	d.KeyValues(
		pdf.KV{Key: tr("contract.pdf.number"), Value: number},
		pdf.KV{Key: tr("contract.pdf.date"), Value: at.In(shanghai.Location).Format("2006-01-02")},
		pdf.KV{Key: tr("contract.pdf.provider"), Value: orDash(t.Plan.Provider)},
		pdf.KV{Key: tr("contract.pdf.merchant"), Value: orDash(a.LegalName)},
		pdf.KV{Key: tr("field.app.shop_name"), Value: orDash(a.ShopName)},
		pdf.KV{Key: tr("field.app.uscc"), Value: orDash(a.USCC)},
		pdf.KV{Key: tr("field.app.legal_rep_name"), Value: orDash(a.LegalRepName)},
		pdf.KV{Key: tr("application.address"), Value: orDash(strings.TrimSpace(a.Province + " " + a.City + " " + a.District + " " + a.Address))},
		pdf.KV{Key: tr("field.app.settlement_account_number"), Value: orDash(a.SettlementBank + " " + account)},
	)

	d.Heading(tr("contract.pdf.terminals"))
	var rows [][]string
	for _, l := range t.Terminals {
		unit := "¥" + money.Yuan(l.UnitFen)
		if l.Acquisition == "rental" {
			unit = tr("contract.pdf.per_month", unit)
		}
		rows = append(rows, []string{l.Brand + " " + l.Name, fmt.Sprint(l.Quantity), tr("contract.acquisition." + l.Acquisition), unit, "¥" + money.Yuan(l.TotalFen)})
	}
	d.Table([]pdf.Column{{Header: tr("contract.pdf.model")}, {Header: tr("contract.pdf.quantity"), Width: 16, Align: "R"},
		{Header: tr("contract.pdf.acquisition"), Width: 24}, {Header: tr("contract.pdf.unit"), Width: 34, Align: "R"},
		{Header: tr("contract.pdf.total"), Width: 30, Align: "R"}}, rows)

	d.Heading(tr("contract.pdf.fees", t.Plan.Name))
	rows = nil
	for _, r := range t.Plan.Rates {
		band := tr("contract.pdf.band_from", "¥"+money.Yuan(r.MinTicketFen))
		if r.MaxTicketFen != nil {
			band = "¥" + money.Yuan(r.MinTicketFen) + " – ¥" + money.Yuan(*r.MaxTicketFen)
		}
		limit := "—"
		if r.CapFen != nil {
			limit = "¥" + money.Yuan(*r.CapFen)
		}
		rows = append(rows, []string{tr("channel." + string(r.Channel)), band, money.Percent(r.RatePPM) + "%", limit, "¥" + money.Yuan(r.FixedFen)})
	}
	d.Table([]pdf.Column{{Header: tr("contract.pdf.channel")}, {Header: tr("contract.pdf.band"), Width: 44},
		{Header: tr("contract.pdf.rate"), Width: 24, Align: "R"}, {Header: tr("contract.pdf.cap"), Width: 26, Align: "R"},
		{Header: tr("contract.pdf.fixed"), Width: 24, Align: "R"}}, rows)
	d.KeyValues(
		pdf.KV{Key: tr("contract.pdf.monthly_fee"), Value: "¥" + money.Yuan(t.Plan.MonthlyFeeFen)},
		pdf.KV{Key: tr("contract.pdf.annual_fee"), Value: "¥" + money.Yuan(t.Plan.AnnualFeeFen)},
		pdf.KV{Key: tr("contract.pdf.setup_fee"), Value: "¥" + money.Yuan(t.Plan.SetupFeeFen)},
		pdf.KV{Key: tr("contract.pdf.d0"), Value: money.Percent(t.Plan.D0SurchargePPM) + "%"},
	)

	d.Heading(tr("contract.pdf.deposit"))
	if t.Plan.DepositFen == 0 {
		d.Paragraph(tr("contract.pdf.no_deposit"))
	} else if t.Plan.DepositRefundMonths == 0 {
		d.Paragraph(tr("contract.pdf.deposit_kept", "¥"+money.Yuan(t.Plan.DepositFen)))
	} else {
		d.Paragraph(tr("contract.pdf.deposit_refund", "¥"+money.Yuan(t.Plan.DepositFen), "¥"+money.Yuan(t.Plan.DepositRefundVolumeFen), t.Plan.DepositRefundMonths))
	}
	d.Heading(tr("contract.pdf.term"))
	d.Paragraph(tr("contract.pdf.term_text", t.TermMonths))
	d.Paragraph(tr("contract.pdf.termination_text"))
	d.Heading(tr("contract.pdf.signature"))
	d.Paragraph(tr("contract.pdf.signature_text", a.LegalRepName))
	if missing := d.Missing(); len(missing) > 0 {
		return nil, &apperr.Error{Code: apperr.Validation, Key: "contract.undrawable", Args: []any{pdf.RuneList(missing)}}
	}
	return d.Bytes()
}
