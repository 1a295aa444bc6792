package support

import (
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf/pdftest"
)

func TestReportPDF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.notice(OutageNotice, TargetProvider, "示例银行收单系统故障")
		dev := f.device(f.merchant, "SN-7788", "A2", "3.1.0")
		ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		ss = f.walk(f.merchant, ss, "main_screen_problem", "peripheral", "printer", "test_fails", "only_this")
		ss, err = f.svc.Outcome(ctx, *f.merchant, ss.ID, false, "test")
		if err != nil {
			t.Fatal(err)
		}
		out, err := f.svc.ReportPDF(ctx, *f.merchant, ss.ID, "zh-CN", nil)
		if err != nil {
			t.Fatal(err)
		}
		raw := pdftest.Text(t, out)
		if strings.Contains(raw, "?") {
			t.Errorf("'?' in the Chinese report:\n%s", raw)
		}
		text := strings.Join(strings.Fields(raw), "")
		dg := ss.Diagnosis()
		for _, want := range []string{
			"故障诊断报告", "上海浦东示例便利店", "SN-7788", "3.1.0", ss.ReportID,
			"示例银行收单系统故障",                   // context evidence
			"打印机",                          // a transcript answer
			dg.Title.ZH, dg.Remedies[0].ZH, // Chinese diagnosis and remedy
			"T-000001", // ticket number
		} {
			if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
				t.Errorf("report lacks %q\n%s", want, text)
			}
		}
		// In English the merchant's and the bank's own words stay Chinese.
		en, err := f.svc.ReportPDF(ctx, *f.merchant, ss.ID, "en", nil)
		if err != nil {
			t.Fatal(err)
		}
		raw = pdftest.Text(t, en)
		text = strings.Join(strings.Fields(raw), "")
		for _, want := range []string{"Diagnosis report", "上海浦东示例便利店", "示例银行收单系统故障", dg.Title.EN, ss.ReportID} {
			if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
				t.Errorf("English report lacks %q\n%s", want, raw)
			}
		}
		if strings.Contains(raw, "??") {
			t.Errorf("characters printed as '?' in the English report:\n%s", raw)
		}
	})
}
