package support

import (
	"context"
	"fmt"
	"strings"
	"time"

	"posportal/internal/auth"
	"posportal/internal/i18n"
	"posportal/internal/pdf"
	"posportal/support/knowledge"
)

// ReportPDF renders the diagnosis report of §6 in lang: merchant, device,
// firmware, context checks, the questions and answers, the diagnosis and
// its remedies, the ticket, the time and the report id. font may be nil
// (Latin-only fallback).
func (s *Service) ReportPDF(ctx context.Context, actor auth.User, id int64, lang string, font *pdf.Font) ([]byte, error) {
	ss, err := s.Session(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d, err := s.deviceByID(ctx, s.db, ss.DeviceID)
	if err != nil {
		return nil, err
	}
	var ticket *Ticket
	if ss.TicketID != nil {
		t, err := s.ticket(ctx, s.db, auth.User{Role: auth.Admin}, *ss.TicketID)
		if err != nil {
			return nil, err
		}
		ticket = &t
	}
	return RenderReport(ss, d, ticket, lang, font, s.now())
}

// RenderReport lays out a diagnosis report from loaded data; ReportPDF
// loads it, benchmarks call this directly.
func RenderReport(ss Session, d Device, ticket *Ticket, lang string, font *pdf.Font, now time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	doc := pdf.New(font, pdf.Meta{Title: t("support.report.title"), DocumentID: ss.ReportID, Lang: lang,
		PortalName: t("app.name"), GeneratedAt: now})
	doc.Heading(t("support.report.heading", d.Serial))
	lastCheckin := "—"
	if d.LastCheckinAt != nil {
		lastCheckin = stamp(*d.LastCheckinAt)
	}
	doc.KeyValues(
		pdf.KV{Key: t("support.report.report_id"), Value: ss.ReportID},
		pdf.KV{Key: t("support.report.started"), Value: stamp(ss.CreatedAt)},
		pdf.KV{Key: t("support.report.merchant"), Value: d.MerchantName},
		pdf.KV{Key: t("support.device.serial"), Value: d.Serial},
		pdf.KV{Key: t("support.device.model"), Value: d.ModelName},
		pdf.KV{Key: t("support.device.revision"), Value: orDash(d.HardwareRevision)},
		pdf.KV{Key: t("support.device.provider"), Value: d.ProviderName},
		pdf.KV{Key: t("support.report.firmware_at_start"), Value: orDash(ss.FirmwareVersion)},
		pdf.KV{Key: t("support.device.last_checkin"), Value: lastCheckin},
		pdf.KV{Key: t("support.report.status"), Value: t("support.session.status." + string(ss.Status))},
	)

	doc.Heading(t("support.report.context"))
	if len(ss.Context) == 0 {
		doc.Paragraph(t("support.context.none"))
	} else {
		rows := make([][]string, len(ss.Context))
		for i, f := range ss.Context {
			rows[i] = []string{t("support.check." + string(f.Check)), f.Evidence.For(lang)}
		}
		doc.Table([]pdf.Column{{Header: t("support.report.check"), Width: 55}, {Header: t("support.report.evidence")}}, rows)
	}

	doc.Heading(t("support.report.transcript"))
	if len(ss.Transcript) == 0 {
		doc.Paragraph(t("support.report.no_answers"))
	} else {
		rows := make([][]string, 0, len(ss.Transcript))
		for _, st := range ss.Transcript {
			q, a := st.Node, st.Option
			if n, err := ss.Tree.Node(st.Node); err == nil {
				if qq, ok := n.(*knowledge.Question); ok {
					q = qq.Prompt.For(lang)
					if o, ok := qq.Option(st.Option); ok {
						a = o.Label.For(lang)
					}
				}
			}
			rows = append(rows, []string{fmt.Sprint(st.Position), q, a})
		}
		doc.Table([]pdf.Column{{Header: "#", Width: 10, Align: "R"}, {Header: t("support.report.question")}, {Header: t("support.report.answer")}}, rows)
	}

	doc.Heading(t("support.report.diagnosis"))
	if dg := ss.Diagnosis(); dg != nil {
		doc.KeyValues(
			pdf.KV{Key: t("support.diagnosis.title"), Value: dg.Title.For(lang)},
			pdf.KV{Key: t("support.diagnosis.category"), Value: t("support.category." + string(dg.Category))},
			pdf.KV{Key: t("support.diagnosis.cause"), Value: dg.Cause.For(lang)},
			pdf.KV{Key: t("support.diagnosis.self_service"), Value: yesNo(t, dg.SelfService)},
			pdf.KV{Key: t("support.diagnosis.escalation"), Value: t("support.escalation." + string(dg.Escalation))},
			pdf.KV{Key: t("support.diagnosis.priority"), Value: t("support.priority." + string(dg.Priority))},
		)
		doc.Heading(t("support.report.remedies"))
		var b strings.Builder
		for i, r := range dg.Remedies {
			fmt.Fprintf(&b, "%d. %s\n", i+1, r.For(lang))
		}
		doc.Paragraph(strings.TrimSuffix(b.String(), "\n"))
	} else {
		doc.Paragraph(t("support.report.no_diagnosis"))
	}

	doc.Heading(t("support.report.ticket"))
	if ticket != nil {
		doc.KeyValues(
			pdf.KV{Key: t("support.ticket.number"), Value: ticket.Number()},
			pdf.KV{Key: t("support.ticket.status"), Value: t("support.ticket.status." + string(ticket.Status))},
			pdf.KV{Key: t("support.diagnosis.priority"), Value: t("support.priority." + string(ticket.Priority))},
			pdf.KV{Key: t("support.ticket.due"), Value: stamp(ticket.DueAt)},
		)
	} else {
		doc.Paragraph(t("support.report.no_ticket"))
	}
	return doc.Bytes()
}

func yesNo(t func(string, ...any) string, b bool) string {
	if b {
		return t("support.yes")
	}
	return t("support.no")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
