package insights

import (
	"io"
	"strconv"

	"posportal/internal/csvsafe"
	"posportal/internal/i18n"
	"posportal/onboarding"
)

// utf8BOM starts the file so spreadsheet programs read Chinese as UTF-8.
const utf8BOM = "\ufeff"

// WriteCSV writes the report as blocks of rows, one per figure, each with
// its own header row, in lang. Every cell goes through csvsafe: reviewer,
// installer and model names are typed by people and must not run as
// spreadsheet formulas.
func WriteCSV(w io.Writer, rep Report, lang string) error {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	var rows [][]string
	block := func(title string, header []string, body ...[]string) {
		if len(rows) > 0 {
			rows = append(rows, nil)
		}
		rows = append(rows, []string{title}, header)
		rows = append(rows, body...)
	}
	rows = append(rows, []string{t("insights.pdf.title"), rep.From, rep.To, rep.GeneratedAt})

	var funnel [][]string
	for _, f := range rep.Funnel {
		funnel = append(funnel, []string{t("insights.stage." + string(f.Stage)), itoa(f.Count)})
	}
	funnel = append(funnel, []string{t("insights.rejected"), itoa(rep.Rejected)}, []string{t("insights.withdrawn"), itoa(rep.Withdrawn)})
	block(t("insights.funnel"), []string{t("insights.stage"), t("insights.count")}, funnel...)

	var spans [][]string
	for _, d := range rep.StageDurations {
		spans = append(spans, []string{t("insights.stage." + string(d.From)), t("insights.stage." + string(d.To)),
			itoa(d.Count), ftoa(d.MedianHours), ftoa(d.P90Hours)})
	}
	block(t("insights.durations"), []string{t("insights.from"), t("insights.to"), t("insights.count"), t("insights.median"), t("insights.p90")}, spans...)

	sla := [][]string{{"", itoa(rep.ReviewSLA.Decided), itoa(rep.ReviewSLA.WithinSLA), ftoa(rep.ReviewSLA.Rate)}}
	for _, r := range rep.ReviewSLA.ByReviewer {
		sla = append(sla, []string{r.Reviewer, itoa(r.Decided), itoa(r.WithinSLA), ftoa(ratio(float64(r.WithinSLA), float64(r.Decided)))})
	}
	block(t("insights.sla", onboarding.ReviewSLABusinessDays), []string{t("insights.reviewer"), t("insights.sla.decided"), t("insights.sla.within"), t("insights.sla.rate")}, sla...)

	block(t("insights.queue"), []string{t("insights.queue.waiting"), t("insights.queue.overdue"), t("insights.queue.oldest")},
		[]string{itoa(rep.Queue.Waiting), itoa(rep.Queue.Overdue), ftoa(rep.Queue.OldestHours)})

	var rel [][]string
	for _, r := range rep.TicketsByRelease {
		suspect := ""
		if r.Suspect {
			suspect = t("insights.suspect")
		}
		rel = append(rel, []string{r.Model, r.Version, itoa(r.Devices), itoa(r.Tickets), itoa(r.DevicesWithTickets), ftoa(r.Per100Devices), suspect})
	}
	block(t("insights.releases"), []string{t("insights.model"), t("insights.version"), t("insights.devices"), t("insights.tickets"),
		t("insights.devices_with_tickets"), t("insights.per_100"), t("insights.suspect")}, rel...)

	var inst [][]string
	for _, i := range rep.Installers {
		inst = append(inst, []string{i.Name, ftoa(i.BookedHours), ftoa(i.AvailableHours), ftoa(i.Utilisation)})
	}
	block(t("insights.installers"), []string{t("insights.installer"), t("insights.booked"), t("insights.available"), t("insights.utilisation")}, inst...)

	var weeks [][]string
	for _, wk := range rep.Weekly {
		weeks = append(weeks, []string{wk.Start, itoa(wk.Submitted), itoa(wk.Activated)})
	}
	block(t("insights.weekly"), []string{t("insights.week"), t("insights.submitted"), t("insights.activated")}, weeks...)

	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
