package insights

import (
	"strconv"
	"strings"
	"time"

	"posportal/internal/i18n"
	"posportal/internal/pdf"
	"posportal/onboarding"
)

// RenderPDF is the operations report of §7: the report's figures with
// their charts, in lang. font nil prints Chinese as '?' (see internal/pdf).
func RenderPDF(rep Report, lang string, font *pdf.Font, now time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	stage := func(s Stage) string { return t("insights.stage." + string(s)) }
	doc := pdf.New(font, pdf.Meta{
		Title:      t("insights.pdf.title"),
		DocumentID: "OPS-" + strings.ReplaceAll(rep.From, "-", "") + "-" + strings.ReplaceAll(rep.To, "-", ""),
		Lang:       lang, PortalName: t("app.name"), GeneratedAt: now,
	})
	doc.Heading(t("insights.pdf.title") + " " + rep.From + " – " + rep.To)
	doc.KeyValues(pdf.KV{Key: t("insights.pdf.range"), Value: rep.From + " – " + rep.To})
	doc.Paragraph(t("insights.pdf.cohort"))

	doc.Heading(t("insights.funnel"))
	var bars []pdf.Bar
	var rows [][]string
	for _, f := range rep.Funnel {
		bars = append(bars, pdf.Bar{Label: stage(f.Stage), Value: float64(f.Count), Text: itoa(f.Count)})
		rows = append(rows, []string{stage(f.Stage), itoa(f.Count)})
	}
	doc.BarChart(bars)
	rows = append(rows, []string{t("insights.rejected"), itoa(rep.Rejected)}, []string{t("insights.withdrawn"), itoa(rep.Withdrawn)})
	doc.Table([]pdf.Column{{Header: t("insights.stage")}, {Header: t("insights.count"), Width: 40, Align: "R"}}, rows)

	doc.Heading(t("insights.durations"))
	bars, rows = nil, nil
	for _, d := range rep.StageDurations {
		span := t("insights.span_value", stage(d.From), stage(d.To))
		bars = append(bars, pdf.Bar{Label: span, Value: d.MedianHours, Text: ftoa(d.MedianHours) + " h"})
		rows = append(rows, []string{span, itoa(d.Count), ftoa(d.MedianHours), ftoa(d.P90Hours)})
	}
	doc.BarChart(bars)
	doc.Table([]pdf.Column{{Header: t("insights.span")}, {Header: t("insights.count"), Width: 25, Align: "R"},
		{Header: t("insights.median"), Width: 35, Align: "R"}, {Header: t("insights.p90"), Width: 40, Align: "R"}}, rows)

	doc.Heading(t("insights.sla", onboarding.ReviewSLABusinessDays))
	sla := rep.ReviewSLA
	doc.Paragraph(t("insights.sla.summary", sla.WithinSLA, sla.Decided, percent(sla.Rate)))
	rows = nil
	for _, r := range sla.ByReviewer {
		rows = append(rows, []string{r.Reviewer, itoa(r.Decided), itoa(r.WithinSLA), percent(ratio(float64(r.WithinSLA), float64(r.Decided)))})
	}
	doc.Table([]pdf.Column{{Header: t("insights.reviewer")}, {Header: t("insights.sla.decided"), Width: 30, Align: "R"},
		{Header: t("insights.sla.within"), Width: 30, Align: "R"}, {Header: t("insights.sla.rate"), Width: 30, Align: "R"}}, rows)

	doc.Heading(t("insights.queue"))
	doc.KeyValues(
		pdf.KV{Key: t("insights.queue.waiting"), Value: itoa(rep.Queue.Waiting)},
		pdf.KV{Key: t("insights.queue.overdue"), Value: itoa(rep.Queue.Overdue)},
		pdf.KV{Key: t("insights.queue.oldest"), Value: ftoa(rep.Queue.OldestHours)},
	)

	doc.Heading(t("insights.releases"))
	if len(rep.TicketsByRelease) == 0 {
		doc.Paragraph(t("insights.releases.none"))
	} else {
		doc.Paragraph(t("insights.releases.chart"))
		bars, rows = nil, nil
		for _, r := range rep.TicketsByRelease {
			text := ftoa(r.Per100Devices)
			suspect := ""
			if r.Suspect {
				text += " · " + t("insights.suspect_flag")
				suspect = t("insights.suspect")
			}
			bars = append(bars, pdf.Bar{Label: r.Model + " " + r.Version, Value: r.Per100Devices, Text: text, Highlight: r.Suspect})
			rows = append(rows, []string{r.Model, r.Version, itoa(r.Devices), itoa(r.Tickets), ftoa(r.Per100Devices), suspect})
		}
		doc.BarChart(bars)
		doc.Table([]pdf.Column{{Header: t("insights.model")}, {Header: t("insights.version"), Width: 25},
			{Header: t("insights.devices"), Width: 28, Align: "R"}, {Header: t("insights.tickets"), Width: 28, Align: "R"},
			{Header: t("insights.per_100"), Width: 25, Align: "R"}, {Header: t("insights.suspect"), Width: 18}}, rows)
	}

	doc.Heading(t("insights.installers"))
	rows = nil
	for _, i := range rep.Installers {
		rows = append(rows, []string{i.Name, ftoa(i.BookedHours), ftoa(i.AvailableHours), percent(i.Utilisation)})
	}
	if len(rows) == 0 {
		doc.Paragraph(t("insights.installers.none"))
	} else {
		doc.Table([]pdf.Column{{Header: t("insights.installer")}, {Header: t("insights.booked"), Width: 32, Align: "R"},
			{Header: t("insights.available"), Width: 32, Align: "R"}, {Header: t("insights.utilisation"), Width: 28, Align: "R"}}, rows)
	}

	doc.Heading(t("insights.weekly"))
	var labels []string
	sub, act := pdf.Series{Name: t("insights.submitted")}, pdf.Series{Name: t("insights.activated"), Dashed: true}
	rows = nil
	for _, w := range rep.Weekly {
		labels = append(labels, w.Start[5:])
		sub.Values = append(sub.Values, float64(w.Submitted))
		act.Values = append(act.Values, float64(w.Activated))
		rows = append(rows, []string{w.Start, itoa(w.Submitted), itoa(w.Activated)})
	}
	doc.LineChart(labels, []pdf.Series{sub, act})
	doc.Table([]pdf.Column{{Header: t("insights.week")}, {Header: t("insights.submitted"), Width: 35, Align: "R"},
		{Header: t("insights.activated"), Width: 35, Align: "R"}}, rows)
	return doc.Bytes()
}

// percent writes a 0–1 ratio as a percentage with one decimal.
func percent(r float64) string {
	return strconv.FormatFloat(r*100, 'f', 1, 64) + "%"
}
