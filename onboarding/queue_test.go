package onboarding_test

import (
	"context"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
)

// TestQueuePageAndCounts: the queue is paged in FIFO order of submission
// and its counts cover every match; the overdue count in SQL agrees with
// the SLA clock to the nanosecond either side of a deadline.
func TestQueuePageAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		sh := time.FixedZone("CST", 8*3600)
		// Submitted out of order; the queue orders by submission time.
		subs := []time.Time{
			time.Date(2026, 12, 1, 10, 0, 0, 0, sh),            // Tue: due Thu 10:00, exactly now: not late
			time.Date(2026, 11, 30, 9, 0, 0, 0, sh),            // Mon: due Wed, late
			time.Date(2026, 12, 1, 9, 59, 59, 500_000_000, sh), // half a second earlier: late
			time.Date(2026, 12, 2, 10, 0, 0, 0, sh),            // Wed: not late
			time.Date(2026, 11, 28, 12, 0, 0, 0, sh),           // Sat: clock starts Mon 00:00, late
		}
		var ids []int64
		for _, at := range subs {
			a := f.ready(t, enterprise())
			if _, err := f.svc.WithClock(func() time.Time { return at }).Submit(ctx, f.merchant, a.ID, "ip"); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		if _, err := f.svc.Claim(ctx, f.reviewer, ids[3], "ip"); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 3, 10, 0, 0, 0, sh)
		svc := f.svc.WithClock(func() time.Time { return now })
		clk, err := svc.SLA(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		open := onboarding.QueueFilter{Statuses: []onboarding.Status{onboarding.Submitted, onboarding.InReview}}
		n, err := svc.QueueCounts(ctx, f.reviewer, open, clk)
		if err != nil {
			t.Fatal(err)
		}
		all, err := svc.QueuePage(ctx, f.reviewer, open, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		late := 0
		for _, a := range all {
			if clk.Overdue(a) {
				late++
			}
		}
		want := onboarding.QueueCounts{Total: 5, Submitted: 4, InReview: 1, Mine: 1, Overdue: 3}
		if n != want || late != 3 {
			t.Fatalf("counts %+v (want %+v), SLA says %d late", n, want, late)
		}
		wantOrder := []int64{ids[4], ids[1], ids[2], ids[0], ids[3]}
		for i, a := range all {
			if a.ID != wantOrder[i] {
				t.Fatalf("queue order %d: %d, want %d", i, a.ID, wantOrder[i])
			}
		}
		page, err := svc.QueuePage(ctx, f.reviewer, open, 2, 2)
		if err != nil || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[0] {
			t.Fatalf("second page of two: %v %v", page, err)
		}
		// Another reviewer's counts: the claim is not theirs.
		if n, _ := svc.QueueCounts(ctx, f.reviewer2, onboarding.QueueFilter{Statuses: []onboarding.Status{onboarding.InReview}}, clk); n != (onboarding.QueueCounts{Total: 1, InReview: 1}) {
			t.Fatalf("in review for reviewer2: %+v", n)
		}
		if _, err := svc.QueuePage(ctx, f.merchant, open, 0, 10); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("merchant listed the queue: %v", err)
		}
		if _, err := svc.QueueCounts(ctx, f.merchant, open, clk); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("merchant counted the queue: %v", err)
		}
	})
}
