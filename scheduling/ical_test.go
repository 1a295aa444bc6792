package scheduling_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/scheduling"
)

// parseFeed checks the feed's framing (CRLF, 75-octet folding) and parses
// it with a real iCalendar parser, returning events by UID.
func parseFeed(t *testing.T, body []byte) (*ical.Calendar, map[string]*ical.Event) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("bare LF in feed")
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets (%d): %q", len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("parse feed: %v\n%s", err, body)
	}
	events := map[string]*ical.Event{}
	for _, e := range cal.Events() {
		uid, _ := e.Props.Text(ical.PropUID)
		events[uid] = &e
	}
	return cal, events
}

func TestICalFeed(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	iu, _ := f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 3)
	// A long shop name and address so lines must fold, with characters
	// that must be escaped.
	if _, err := f.db.Exec(ctx, `UPDATE applications SET shop_name = ?, address = ? WHERE id = ?`,
		"上海浦东新区世纪大道示例便利连锁有限公司第一百零八号分店,含分号;和反斜杠\\", "世纪大道100号金融广场B座一层东侧入口旁", a.ID); err != nil {
		t.Fatal(err)
	}

	if _, err := f.svc.Feed(ctx, "no-such-token"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
	token, err := f.svc.RotateFeedToken(ctx, iu, "ip")
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := f.db.Get(ctx, &stored, `SELECT calendar_token_hash FROM sched_installers WHERE user_id = ?`, iu.ID); err != nil || stored == token || strings.Contains(stored, token) {
		t.Fatalf("token stored in clear or missing: %q", stored)
	}

	start := at("2026-12-03", "10:00")
	ap, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, start, "ip")
	if err != nil {
		t.Fatal(err)
	}
	body, err := f.svc.Feed(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	cal, events := parseFeed(t, body)
	if len(cal.Children) == 0 || cal.Children[0].Name != ical.CompTimezone {
		t.Fatal("no VTIMEZONE before the events")
	}
	ev := events[ap.UID]
	if ev == nil {
		t.Fatalf("event %s missing:\n%s", ap.UID, body)
	}
	dt := ev.Props.Get(ical.PropDateTimeStart)
	if dt.Params.Get(ical.ParamTimezoneID) != "Asia/Shanghai" || dt.Value != "20261203T100000" {
		t.Fatalf("DTSTART %+v", dt)
	}
	if got, _ := ev.DateTimeStart(time.UTC); !got.Equal(start) {
		t.Fatalf("DTSTART parses to %v, want %v", got, start)
	}
	if got, _ := ev.DateTimeEnd(time.UTC); !got.Equal(start.Add(100 * time.Minute)) {
		t.Fatalf("DTEND parses to %v (three terminals: 100 min)", got)
	}
	if s, _ := ev.Props.Text(ical.PropSummary); !strings.Contains(s, "分号;和反斜杠\\") {
		t.Fatalf("summary not round-tripped: %q", s)
	}
	seq := func(e *ical.Event) string { return e.Props.Get(ical.PropSequence).Value }
	status := func(e *ical.Event) string { return e.Props.Get(ical.PropStatus).Value }
	if seq(ev) != "0" || status(ev) != "CONFIRMED" {
		t.Fatalf("new event sequence %s status %s", seq(ev), status(ev))
	}

	// Rendering again changes nothing: UIDs and bodies are stable.
	again, _ := f.svc.Feed(ctx, token)
	if !bytes.Equal(body, again) {
		t.Fatal("feed differs between renders with no change")
	}

	// A reschedule keeps the UID and bumps SEQUENCE.
	if _, err := f.svc.Reschedule(ctx, m, ap.ID, start.Add(2*time.Hour), "ip"); err != nil {
		t.Fatal(err)
	}
	body, _ = f.svc.Feed(ctx, token)
	_, events = parseFeed(t, body)
	if ev = events[ap.UID]; ev == nil || seq(ev) != "1" || ev.Props.Get(ical.PropDateTimeStart).Value != "20261203T120000" {
		t.Fatalf("after reschedule: %+v", ev)
	}

	// A cancellation stays in the feed as CANCELLED with a higher SEQUENCE.
	if _, err := f.svc.Cancel(ctx, m, ap.ID, "ip"); err != nil {
		t.Fatal(err)
	}
	body, _ = f.svc.Feed(ctx, token)
	_, events = parseFeed(t, body)
	if ev = events[ap.UID]; ev == nil || seq(ev) != "2" || status(ev) != "CANCELLED" {
		t.Fatalf("after cancel: %+v", ev)
	}

	// Rotating invalidates the old URL.
	if _, err := f.svc.RotateFeedToken(ctx, iu, "ip"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Feed(ctx, token); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("old token after rotation: %v", err)
	}
}
