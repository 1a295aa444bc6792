package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/insights"
	"posportal/internal/apperr"
	"posportal/internal/i18n"
	"posportal/internal/shanghai"
	"posportal/internal/svgchart"
	"posportal/onboarding"
)

// adminInsightsData is the operations page: the report, its charts, and
// the links that keep the chosen range.
type adminInsightsData struct {
	Report                              *insights.Report // nil when the range is invalid
	Shown, ThisMonth, LastMonth         dayRange
	Funnel, Durations, Releases, Weekly template.HTML
	SLADays                             int
	lang                                string
}

// Percent writes a 0–1 ratio as a percentage.
func (d adminInsightsData) Percent(r float64) string {
	return strconv.FormatFloat(r*100, 'f', 1, 64) + "%"
}

// Generated is when the figures were computed, on Shanghai wall clocks.
func (d adminInsightsData) Generated() string {
	if d.Report == nil {
		return ""
	}
	t, err := time.Parse(time.RFC3339, d.Report.GeneratedAt)
	if err != nil {
		return d.Report.GeneratedAt
	}
	return t.In(shanghai.Location).Format("2006-01-02 15:04")
}

// Hours writes hours without needless decimals.
func (d adminInsightsData) Hours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// ReviewerRate is one reviewer's share within the SLA.
func (d adminInsightsData) ReviewerRate(r insights.ReviewerSLA) string {
	if r.Decided == 0 {
		return d.Percent(0)
	}
	return d.Percent(float64(r.WithinSLA) / float64(r.Decided))
}

func (s *Server) adminInsightsPage(c *gin.Context) {
	lang := langOf(c)
	now := s.Insights.Now()
	d := adminInsightsData{SLADays: onboarding.ReviewSLABusinessDays, lang: lang,
		ThisMonth: dayRangeOf(insights.MonthRange(now)), LastMonth: dayRangeOf(insights.MonthRange(insights.MonthRange(now).Start.Add(-time.Hour)))}
	f := Form{Values: map[string]string{"from": c.Query("from"), "to": c.Query("to")}}
	rep, r, err := s.insightsReport(c)
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		f.Errors, f.Error = e.Fields, e.Key
		s.render.render(c, http.StatusUnprocessableEntity, "admin_insights", s.formPage(c, "insights.title", d, f))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Values = map[string]string{"from": rep.From, "to": rep.To}
	d.Report, d.Shown = &rep, dayRangeOf(r)
	d.charts(rep)
	s.render.render(c, http.StatusOK, "admin_insights", s.formPage(c, "insights.title", d, f))
}

// dayRange is a range as the query's from and to, for links.
type dayRange struct{ From, To string }

func dayRangeOf(r insights.Range) dayRange { return dayRange{r.FromDate(), r.ToDate()} }

// charts draws the page's four charts; each description lists its
// numbers, so a screen reader hears the data the bars show.
func (d *adminInsightsData) charts(rep insights.Report) {
	t := func(key string, args ...any) string { return i18n.T(d.lang, key, args...) }
	stage := func(s insights.Stage) string { return t("insights.stage." + string(s)) }
	var bars []svgchart.Bar
	var said []string
	for _, f := range rep.Funnel {
		n := strconv.Itoa(f.Count)
		bars = append(bars, svgchart.Bar{Label: stage(f.Stage), Value: float64(f.Count), Text: n})
		said = append(said, stage(f.Stage)+" "+n)
	}
	d.Funnel = svgchart.Bars(svgchart.BarChart{ID: "chart-funnel", Title: t("insights.funnel.chart", rep.From, rep.To),
		Desc: t("insights.funnel.desc", strings.Join(said, ", ")), Bars: bars})

	bars, said = nil, nil
	for _, sd := range rep.StageDurations {
		span := t("insights.span_value", stage(sd.From), stage(sd.To))
		h := d.Hours(sd.MedianHours) + " h"
		bars = append(bars, svgchart.Bar{Label: span, Value: sd.MedianHours, Text: h})
		said = append(said, span+" "+h)
	}
	d.Durations = svgchart.Bars(svgchart.BarChart{ID: "chart-durations", Title: t("insights.durations.chart"),
		Desc: t("insights.durations.desc", strings.Join(said, ", ")), Bars: bars})

	bars, said = nil, nil
	for _, rt := range rep.TicketsByRelease {
		label := rt.Model + " " + rt.Version
		text := d.Hours(rt.Per100Devices)
		if rt.Suspect {
			text += " · " + t("insights.suspect_flag")
		}
		bars = append(bars, svgchart.Bar{Label: label, Value: rt.Per100Devices, Text: text, Highlight: rt.Suspect})
		said = append(said, label+" "+text)
	}
	if len(bars) > 0 {
		d.Releases = svgchart.Bars(svgchart.BarChart{ID: "chart-releases", Title: t("insights.releases.chart"),
			Desc: t("insights.releases.desc", strings.Join(said, ", ")), Bars: bars})
	}

	var labels []string
	sub, act := svgchart.Series{Name: t("insights.submitted")}, svgchart.Series{Name: t("insights.activated")}
	said = nil
	for _, w := range rep.Weekly {
		labels = append(labels, w.Start[5:])
		sub.Values = append(sub.Values, float64(w.Submitted))
		act.Values = append(act.Values, float64(w.Activated))
		said = append(said, w.Start+" "+strconv.Itoa(w.Submitted)+"/"+strconv.Itoa(w.Activated))
	}
	d.Weekly = svgchart.Lines(svgchart.LineChart{ID: "chart-weekly", Title: t("insights.weekly.chart"),
		Desc:   t("insights.weekly.desc", t("insights.submitted")+"/"+t("insights.activated")+": "+strings.Join(said, ", ")),
		Labels: labels, Series: []svgchart.Series{sub, act}})
}
