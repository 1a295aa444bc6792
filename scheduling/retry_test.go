package scheduling_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/scheduling"
)

// closedPort is a loopback address nothing listens on: the mail server is
// down.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestFailedSendIsRetried: while the mail server is down an e-mail stays
// queued with the error shown to admins and is tried again after a wait;
// once the server is back it is sent, and after the last retry an e-mail
// that never went out is marked failed.
func TestFailedSendIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.installer(t, 6, 9*60, 18*60, pudong)
		m := f.user(t, auth.Merchant)
		app := f.signedApplication(t, m, pudong, 1)
		if _, err := f.svc.Book(ctx, m, app.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
			t.Fatal(err)
		}
		clock := at("2026-12-02", "12:00")
		now := func() time.Time { return clock }
		down, _ := instances(f, closedPort(t), time.Minute, now)
		sinkAddr, got := smtpSink(t)
		up, _ := instances(f, sinkAddr, time.Minute, now)
		if n, err := down.SendDue(ctx); err != nil || n != 2 {
			t.Fatalf("reminders %d, %v", n, err)
		}
		outbox := func() scheduling.OutboxMessage {
			t.Helper()
			box, err := down.Outbox(ctx, f.admin)
			if err != nil || len(box) != 1 {
				t.Fatalf("outbox %+v, %v", box, err)
			}
			return box[0]
		}

		if n, _ := down.DeliverDue(ctx); n != 1 {
			t.Fatalf("first try: %d", n)
		}
		if msg := outbox(); msg.Status != "queued" || msg.Attempts != 1 || !strings.Contains(msg.Error, "dial") {
			t.Fatalf("after a failed send: %+v", msg)
		}
		clock = clock.Add(time.Minute - time.Second)
		if n, _ := up.DeliverDue(ctx); n != 0 {
			t.Fatal("retried before the wait was over")
		}
		clock = clock.Add(time.Second)
		if n, _ := up.DeliverDue(ctx); n != 1 {
			t.Fatal("not retried after the wait")
		}
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			t.Fatal("the retried e-mail never arrived")
		}
		if msg := outbox(); msg.Status != "sent" || msg.Error != "" || msg.SentAt == nil {
			t.Fatalf("after the retry: %+v", msg)
		}
	})
}

// TestSendGivesUpAfterLastRetry: an e-mail the mail server never takes is
// marked failed after five tries and not tried again.
func TestSendGivesUpAfterLastRetry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, dbtest.SQLite(t))
	f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	app := f.signedApplication(t, m, pudong, 1)
	if _, err := f.svc.Book(ctx, m, app.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
		t.Fatal(err)
	}
	clock := at("2026-12-02", "12:00")
	down, _ := instances(f, closedPort(t), time.Minute, func() time.Time { return clock })
	if _, err := down.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	tries := 0
	for range 48 { // two days of hourly polls
		n, err := down.DeliverDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tries += n
		clock = clock.Add(time.Hour)
	}
	box, _ := down.Outbox(ctx, f.admin)
	if tries != 5 || len(box) != 1 || box[0].Status != "failed" || box[0].Attempts != 5 || box[0].Error == "" {
		t.Fatalf("%d tries, outbox %+v; want failed after 5", tries, box)
	}
}
