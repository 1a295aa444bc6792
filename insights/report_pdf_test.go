package insights_test

import (
	"context"
	"strings"
	"testing"

	"posportal/insights"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf"
	"posportal/internal/pdf/pdftest"
)

// TestOperationsReportPDF reads the known history's report back: every
// figure and chart label in Chinese, the suspect release marked.
func TestOperationsReportPDF(t *testing.T) {
	font := pdf.Embedded()
	w := newWorld(t, dbtest.SQLite(t))
	history(t, w)
	releases(t, w)
	w.set("2026-11-05 12:00")
	r, _ := insights.ParseRange("2026-10-01", "2026-10-31", w.clock)
	rep, err := w.insights.Report(context.Background(), &w.admin, r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := insights.RenderPDF(rep, "zh-CN", font, w.clock)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, b)), " ")
	for _, want := range []string{"运营报告 2026-10-01 – 2026-10-31", "已提交 6", "已上线 2", "已拒绝 1", "已撤回 1",
		"已提交 → 已决定 3 174 202.4", "3 个决定中 2 个在时效内(66.7%)", "Reviewer Two 1 0 0.0%", "已超时 3", "最久等待(小时) 243",
		"HJ-T80 5.2.0 66.67 · 已标记为可疑", "HJ-T80 5.2.0 3 2 66.67 可疑", "XC-W6 4.1.0 2 1 50", "Installer Chen", "2.67 168 1.6%",
		"2026-10-12 2 2", "OPS-20261001-20261031"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
