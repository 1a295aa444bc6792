package support

import (
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf"
)

// BenchmarkDiagnosisReportPDF renders a typical Chinese diagnosis report
// (one context finding, five answers, a diagnosis with its remedies and a
// ticket) with the embedded font parsed once, as the portal does; pdf-bytes is the
// size of one report. The data is loaded once, so this is the rendering.
func BenchmarkDiagnosisReportPDF(b *testing.B) {
	font := pdf.Embedded()
	d := dbtest.SQLite(b)
	f := newFixture(b, d)
	f.notice(OutageNotice, TargetProvider, "示例银行收单系统故障")
	dev := f.device(f.merchant, "SN-7788", "A2", "3.1.0")
	ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range []string{"main_screen_problem", "peripheral", "printer", "test_fails", "only_this"} {
		if ss, err = f.svc.Answer(ctx, *f.merchant, ss.ID, ss.Node, o, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	if ss, err = f.svc.Outcome(ctx, *f.merchant, ss.ID, false, "bench"); err != nil {
		b.Fatal(err)
	}
	device, _ := f.svc.Device(ctx, *f.merchant, dev.ID)
	ticket, _ := f.svc.Ticket(ctx, auth.User{Role: auth.Admin}, *ss.TicketID)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		out, err := RenderReport(ss, device, &ticket, "zh-CN", font, fixedNow)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
