package scheduling_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/jobs"
	"posportal/scheduling"
)

// instances builds two scheduling services on one database, as two portal
// processes would be, both sending through the SMTP server at addr.
func instances(f *fixture, addr string, lease time.Duration, clock func() time.Time) (a, b *scheduling.Service) {
	host, port, _ := net.SplitHostPort(addr)
	env := map[string]string{"PORTAL_SMTP_HOST": host, "PORTAL_SMTP_PORT": port}
	mail := scheduling.MailerFromEnv(func(k string) string { return env[k] })
	base := scheduling.NewService(f.db, f.onb, mail, clock)
	return base.WithWorker(jobs.Worker{ID: "A", Lease: lease}), base.WithWorker(jobs.Worker{ID: "B", Lease: lease})
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Get(context.Background(), &n, query, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTwoInstancesSendEachReminderOnce: two workers polling the same
// database at the same moment write every due reminder once and hand every
// e-mail to SMTP once.
func TestTwoInstancesSendEachReminderOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		const visits = 6
		for range visits {
			f.installer(t, 1, 9*60, 18*60, pudong)
		}
		for range visits {
			m := f.user(t, auth.Merchant)
			a := f.signedApplication(t, m, pudong, 1)
			if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
				t.Fatal(err)
			}
		}
		addr, got := smtpSink(t)
		a, b := instances(f, addr, time.Minute, func() time.Time { return at("2026-12-02", "12:00") })

		var mu sync.Mutex
		written, handed := 0, 0
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, svc := range []*scheduling.Service{a, b} {
			wg.Go(func() {
				<-start
				for {
					n, err := svc.SendDue(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					k, err := svc.DeliverDue(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					written, handed = written+n, handed+k
					mu.Unlock()
					if n+k == 0 {
						return
					}
				}
			})
		}
		close(start)
		wg.Wait()
		if written != 2*visits || handed != visits {
			t.Fatalf("the two instances wrote %d reminders and handed %d e-mails to SMTP; want %d and %d", written, handed, 2*visits, visits)
		}
		for range visits {
			select {
			case <-got:
			case <-time.After(5 * time.Second):
				t.Fatal("an e-mail never reached the SMTP server")
			}
		}
		select {
		case msg := <-got:
			t.Fatalf("an e-mail was sent twice:\n%s", msg)
		case <-time.After(200 * time.Millisecond):
		}
		if n := count(t, d, `SELECT COUNT(*) FROM notifications`); n != visits {
			t.Fatalf("%d in-app notifications, want %d", n, visits)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM outbox WHERE status = 'sent'`); n != visits {
			t.Fatalf("%d sent e-mails in the outbox, want %d", n, visits)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sched_reminders WHERE status <> 'sent'`); n != 0 {
			t.Fatalf("%d reminders left unsent", n)
		}
	})
}

// TestCrashedInstancesClaimIsTakenOver: work an instance claimed and never
// finished (it died) stays with it for the lease, then the other instance
// does it, once.
func TestCrashedInstancesClaimIsTakenOver(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.installer(t, 6, 9*60, 18*60, pudong)
		m := f.user(t, auth.Merchant)
		app := f.signedApplication(t, m, pudong, 1)
		if _, err := f.svc.Book(ctx, m, app.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
			t.Fatal(err)
		}
		addr, got := smtpSink(t)
		lease := time.Minute
		t0 := at("2026-12-02", "12:00")
		clock := t0
		a, b := instances(f, addr, lease, func() time.Time { return clock })

		if ids, err := a.ClaimReminders(ctx, t0); err != nil || len(ids) != 2 {
			t.Fatalf("A claimed %v, %v; want both reminders", ids, err)
		}
		// A is gone. While its lease lasts, B leaves the reminders alone.
		clock = t0.Add(lease - time.Second)
		if n, err := b.SendDue(ctx); err != nil || n != 0 {
			t.Fatalf("B sent %d reminders claimed by A, %v", n, err)
		}
		clock = t0.Add(lease)
		if n, err := b.SendDue(ctx); err != nil || n != 2 {
			t.Fatalf("after A's lease B sent %d, %v; want 2", n, err)
		}
		if n, _ := b.SendDue(ctx); n != 0 {
			t.Fatalf("B sent %d reminders twice", n)
		}

		// The same for the e-mail: A claims it and dies before sending.
		t1 := clock
		if ids, err := a.ClaimOutbox(ctx, t1); err != nil || len(ids) != 1 {
			t.Fatalf("A claimed %v, %v; want the reminder e-mail", ids, err)
		}
		clock = t1.Add(lease - time.Second)
		if n, err := b.DeliverDue(ctx); err != nil || n != 0 {
			t.Fatalf("B sent %d e-mails claimed by A, %v", n, err)
		}
		clock = t1.Add(lease)
		if n, err := b.DeliverDue(ctx); err != nil || n != 1 {
			t.Fatalf("after A's lease B sent %d e-mails, %v; want 1", n, err)
		}
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			t.Fatal("the e-mail never reached the SMTP server")
		}
		if n, _ := b.DeliverDue(ctx); n != 0 {
			t.Fatalf("B sent %d e-mails twice", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND claimed_by LIKE 'B/%'`); n != 1 {
			t.Fatalf("%d e-mails recorded as sent by B, want 1", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM notifications`); n != 1 {
			t.Fatalf("%d notifications, want 1", n)
		}
	})
}
