package onboarding

import (
	"context"
	"fmt"
	"strings"

	"posportal/internal/auth"
	"posportal/internal/i18n"
	"posportal/internal/money"
	"posportal/internal/pdf"
	"posportal/internal/shanghai"
)

// SummaryPDF renders the application summary of §7 in lang: every field
// (the resident ID and the account number masked, for everyone), the documents with size and
// SHA-256, and the history.
func (s *Service) SummaryPDF(ctx context.Context, actor auth.User, id int64, lang string, font *pdf.Font) ([]byte, error) {
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	docs, err := s.Documents(ctx, actor, id, false)
	if err != nil {
		return nil, err
	}
	hist, err := s.History(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	opt := func(prefix, v string) string {
		if v == "" {
			return "—"
		}
		return t(prefix + v)
	}
	now := s.now()
	d := pdf.New(font, pdf.Meta{
		Title:       t("pdf.summary.title"),
		DocumentID:  fmt.Sprintf("APP-%d-%s", a.ID, now.UTC().Format("20060102150405")),
		Lang:        lang,
		PortalName:  t("app.name"),
		GeneratedAt: now,
	})
	d.Heading(t("pdf.summary.heading", a.ID, orDash(a.ShopName)))
	var mix []string
	for _, ch := range Channels {
		if p, ok := a.ChannelMix()[ch]; ok {
			mix = append(mix, fmt.Sprintf("%s %d%%", t("channel."+ch), p))
		}
	}
	submitted := "—"
	if a.SubmittedAt != nil {
		submitted = a.SubmittedAt.In(shanghai.Location).Format("2006-01-02 15:04")
	}
	d.KeyValues(
		pdf.KV{Key: t("application.status"), Value: t("status." + string(a.Status))},
		pdf.KV{Key: t("pdf.summary.submitted_at"), Value: submitted},
		pdf.KV{Key: t("field.app.merchant_type"), Value: opt("merchant_type.", string(a.MerchantType))},
		pdf.KV{Key: t("field.app.legal_name"), Value: orDash(a.LegalName)},
		pdf.KV{Key: t("field.app.shop_name"), Value: orDash(a.ShopName)},
		pdf.KV{Key: t("field.app.uscc"), Value: orDash(a.USCC)},
		pdf.KV{Key: t("field.app.mcc_group"), Value: opt("mcc.", a.MCCGroup)},
		pdf.KV{Key: t("application.address"), Value: orDash(strings.TrimSpace(a.Province + " " + a.City + " " + a.District + " " + a.Address))},
		pdf.KV{Key: t("field.app.legal_rep_name"), Value: orDash(a.LegalRepName)},
		pdf.KV{Key: t("field.app.legal_rep_id_number"), Value: orDash(a.LegalRepIDMasked)},
		pdf.KV{Key: t("field.app.contact_mobile"), Value: orDash(a.ContactMobile)},
		pdf.KV{Key: t("field.app.contact_email"), Value: orDash(a.ContactEmail)},
		pdf.KV{Key: t("field.app.settlement_bank"), Value: orDash(a.SettlementBank)},
		pdf.KV{Key: t("field.app.settlement_account_type"), Value: opt("account_type.", a.SettlementAccountType)},
		pdf.KV{Key: t("field.app.settlement_account_name"), Value: orDash(a.SettlementAccountName)},
		pdf.KV{Key: t("field.app.settlement_account_number"), Value: orDash(a.SettlementAccountMasked)},
		pdf.KV{Key: t("field.app.expected_monthly_volume_fen"), Value: "¥" + money.Yuan(a.ExpectedMonthlyVolumeFen)},
		pdf.KV{Key: t("field.app.average_ticket_fen"), Value: "¥" + money.Yuan(a.AverageTicketFen)},
		pdf.KV{Key: t("field.app.channel_mix"), Value: orDash(strings.Join(mix, ", "))},
		pdf.KV{Key: t("field.app.terminal_count"), Value: fmt.Sprint(a.TerminalCount)},
	)
	d.Heading(t("application.documents"))
	var rows [][]string
	for _, doc := range docs {
		rows = append(rows, []string{t("doc." + doc.Kind), doc.Filename, fmt.Sprintf("%d", doc.Size), doc.SHA256})
	}
	if len(rows) == 0 {
		d.Paragraph(t("application.no_documents"))
	} else {
		d.Table([]pdf.Column{{Header: t("document.kind"), Width: 38}, {Header: t("document.file"), Width: 40},
			{Header: t("pdf.summary.bytes"), Width: 18, Align: "R"}, {Header: "SHA-256"}}, rows)
	}
	d.Heading(t("application.history"))
	rows = nil
	for _, e := range hist {
		who := e.ActorName
		if e.ActorRole != "" {
			who += " (" + t("role."+string(e.ActorRole)) + ")"
		}
		note := e.Comment
		if e.ReasonCode != "" {
			note = t("reason."+e.ReasonCode) + ": " + note
		}
		rows = append(rows, []string{e.CreatedAt.In(shanghai.Location).Format("2006-01-02 15:04"), t("event." + string(e.Event)), who, note})
	}
	if len(rows) == 0 {
		d.Paragraph(t("application.history_empty"))
	} else {
		d.Table([]pdf.Column{{Header: t("audit.time"), Width: 32}, {Header: t("audit.action"), Width: 40},
			{Header: t("audit.actor"), Width: 40}, {Header: t("pdf.summary.note")}}, rows)
	}
	return d.Bytes()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
