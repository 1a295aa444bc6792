package insights_test

import (
	"context"
	"testing"

	"posportal/insights"
	"posportal/internal/auth"
	"posportal/internal/db/dbtest"
)

// BenchmarkReport100kApplications computes the whole report — every figure,
// as GET /api/v1/insights does — on PostgreSQL holding 100 000
// applications submitted over 2026 with their history (about 470 000
// events), 50 000 devices upgraded over the year with 6 000 tickets, and 20
// installers with 40 000 appointments. The range is one month, the
// page's default; BenchmarkReport100kApplicationsYear asks for the year.
func BenchmarkReport100kApplications(b *testing.B) {
	benchReport(b, "2026-06-01", "2026-06-30")
}

// BenchmarkReport100kApplicationsYear is the same data over all of 2026.
func BenchmarkReport100kApplicationsYear(b *testing.B) {
	benchReport(b, "2026-01-01", "2026-12-31")
}

func benchReport(b *testing.B, from, to string) {
	d := dbtest.Postgres(b)
	w := newWorld(b, d)
	bulkHistory(b, w)
	w.set("2026-12-20 12:00")
	r, err := insights.ParseRange(from, to, w.clock)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		rep, err := w.insights.Report(ctx, &w.admin, r)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Funnel[0].Count == 0 {
			b.Fatal("empty cohort")
		}
	}
}

// bulkHistory fills the database with generate_series in a few
// statements (seconds, not minutes). Application i is submitted at
// 2026-01-01 + i × 5 minutes (so the year holds all of them) and moves on
// through the stages by fixed fractions of the population.
func bulkHistory(b *testing.B, w *world) {
	b.Helper()
	ctx := context.Background()
	models, providers := w.catalogIDs(b)
	m := w.user(b, auth.Merchant, "Bulk merchant")
	rv := w.user(b, auth.Reviewer, "Bulk reviewer")
	base := at("2026-01-01 00:00").UTC()
	exec := func(q string, args ...any) {
		b.Helper()
		if _, err := w.db.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	ts := func(expr string) string { return "(CAST(? AS TIMESTAMPTZ) + (" + expr + ") * INTERVAL '1 minute')" }
	exec(`INSERT INTO applications (merchant_id, status, created_at, updated_at, submitted_at, decided_at)
		SELECT ?, CASE WHEN i % 10 < 4 THEN 'active' WHEN i % 10 = 4 THEN 'approved' WHEN i % 10 = 5 THEN 'rejected'
			WHEN i % 10 = 6 THEN 'withdrawn' WHEN i % 10 = 7 THEN 'in_review' ELSE 'submitted' END,
			`+ts("i * 5")+`, `+ts("i * 5")+`, `+ts("i * 5")+`,
			CASE WHEN i % 10 < 6 THEN `+ts("i * 5 + 600 + i % 3000")+` END
		FROM generate_series(1, 100000) AS i`, m.ID, base, base, base, base)
	event := func(ev, from, to, offset, cond string, actor int64) {
		exec(`INSERT INTO application_events (application_id, merchant_id, actor_id, event, from_status, to_status, created_at)
			SELECT a.id, a.merchant_id, ?, ?, ?, ?, `+ts("a.id * 5 + "+offset)+`
			FROM applications a WHERE `+cond, actor, ev, from, to, base)
	}
	event("submit", "draft", "submitted", "0", "TRUE", m.ID)
	event("claim", "submitted", "in_review", "300", "a.id % 10 < 8", rv.ID)
	event("approve", "in_review", "approved", "600 + a.id % 3000", "a.id % 10 < 5", rv.ID)
	event("reject", "in_review", "rejected", "600 + a.id % 3000", "a.id % 10 = 5", rv.ID)
	event("withdraw", "submitted", "withdrawn", "200", "a.id % 10 = 6", m.ID)
	event("sign_contract", "approved", "contract_signed", "5000 + a.id % 2000", "a.id % 10 < 4", m.ID)
	event("book_installation", "contract_signed", "installation_scheduled", "6000 + a.id % 2000", "a.id % 10 < 4", m.ID)
	event("complete_installation", "installation_scheduled", "installed", "9000 + a.id % 3000", "a.id % 10 < 4", m.ID)
	event("complete_training", "installed", "active", "9100 + a.id % 3000", "a.id % 10 < 4", m.ID)

	var modelIDs []int64
	for _, id := range models {
		modelIDs = append(modelIDs, id)
		if len(modelIDs) == 10 {
			break
		}
	}
	var provider int64
	for _, id := range providers {
		provider = id
		break
	}
	for k, id := range modelIDs {
		exec(`INSERT INTO support_devices (serial, merchant_id, model_id, hardware_revision, firmware_version, provider_id, upgraded_at, created_at, updated_at)
			SELECT 'B' || ? || '-' || i, ?, ?, 'B', '1.' || (i % 3), ?, `+ts("i * 105")+`, ?, ?
			FROM generate_series(1, 5000) AS i`, k, m.ID, id, provider, base, base, base)
	}
	exec(`INSERT INTO support_tickets (merchant_id, device_id, status, priority, due_at, created_at, updated_at)
		SELECT d.merchant_id, d.id, 'open', 'P3', d.upgraded_at, d.upgraded_at + (d.id % 120) * INTERVAL '1 hour', d.upgraded_at
		FROM support_devices d WHERE d.id % 25 < 3`)
	for k := 0; k < 20; k++ {
		u := w.user(b, auth.Installer, "Bulk installer")
		var inst int64
		if err := w.db.Get(ctx, &inst, `INSERT INTO sched_installers (user_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`,
			u.ID, base, base); err != nil {
			b.Fatal(err)
		}
		exec(`INSERT INTO sched_installer_hours (installer_id, weekday, start_minute, end_minute)
			SELECT ?, wd, 540, 1080 FROM generate_series(1, 6) AS wd`, inst)
		exec(`INSERT INTO sched_appointments (uid, merchant_id, application_id, installer_id, kind, status, starts_at, ends_at, created_at, updated_at)
			SELECT 'bulk-' || ? || '-' || i, ?, i, ?, 'installation', CASE WHEN i % 7 = 0 THEN 'cancelled' ELSE 'booked' END,
				`+ts("i * 260")+`, `+ts("i * 260 + 80")+`, ?, ?
			FROM generate_series(1, 2000) AS i`, k, m.ID, inst, base, base, base, base)
	}
	exec(`ANALYZE`)
}
