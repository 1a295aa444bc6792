package support

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestReleaseLifecycle: withdrawn is final, paused and rolling out swap.
func TestReleaseLifecycle(t *testing.T) {
	cases := map[ReleaseStatus][]ReleaseStatus{
		RollingOut: {Paused, Withdrawn},
		Paused:     {RollingOut, Withdrawn},
		Withdrawn:  {},
	}
	for from, want := range cases {
		if got := from.Next(); !slices.Equal(got, want) {
			t.Errorf("%s.Next() = %v, want %v", from, got, want)
		}
	}
	if !Withdrawn.Final() || RollingOut.Final() || Paused.Final() {
		t.Error("only withdrawn is final")
	}
}

// TestSetReleaseStatusFollowsTheTable tries every pair of statuses: each
// move the table allows works and leaves an audit event with from and to;
// every other answers 409 and changes nothing.
func TestSetReleaseStatusFollowsTheTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for i, from := range ReleaseStatuses {
			for j, to := range ReleaseStatuses {
				t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
					rel := f.release(fmt.Sprintf("4.%d.%d", i, j), "", from)
					got, err := f.svc.SetReleaseStatus(ctx, f.admin, rel.ID, to, "test")
					if !from.CanMoveTo(to) {
						wantCode(t, err, apperr.Conflict)
						if now, _ := f.svc.Release(ctx, rel.ID); now.Status != from {
							t.Fatalf("refused move changed the status to %s", now.Status)
						}
						if n := statusEvents(t, f, rel.ID); len(n) != 0 {
							t.Fatalf("refused move audited: %v", n)
						}
						return
					}
					if err != nil || got.Status != to {
						t.Fatalf("move = %+v, %v", got, err)
					}
					if ev := statusEvents(t, f, rel.ID); len(ev) != 1 || ev[0]["from"] != string(from) || ev[0]["to"] != string(to) {
						t.Fatalf("audit = %v, want one from %s to %s", ev, from, to)
					}
				})
			}
		}
	})
}

// TestReleaseMoveLostRace: a move decided on a release read before
// another admin changed it fails on the conditional update.
func TestReleaseMoveLostRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		stale := f.release("4.0.0", "", RollingOut)
		if _, err := f.svc.SetReleaseStatus(ctx, f.admin, stale.ID, Paused, "test"); err != nil {
			t.Fatal(err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return f.svc.moveRelease(ctx, tx, stale, Withdrawn, f.admin, "test", nil)
		})
		if e := wantCode(t, err, apperr.Conflict); e.Key != "support.error.release_changed" {
			t.Fatalf("key = %s", e.Key)
		}
		if got, _ := f.svc.Release(ctx, stale.ID); got.Status != Paused {
			t.Fatalf("status = %s, want paused", got.Status)
		}
	})
}

// TestConcurrentWithdrawHasOneWinner: admins withdrawing the same release
// at the same moment; exactly one succeeds, the others get 409, and the
// history holds one move. Several rounds, since goroutines need not
// overlap every time.
func TestConcurrentWithdrawHasOneWinner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for i := range 5 {
			rel := f.release(fmt.Sprintf("4.0.%d", i), "", RollingOut)
			errs := race(6, func() error {
				_, err := f.svc.SetReleaseStatus(ctx, f.admin, rel.ID, Withdrawn, "test")
				return err
			})
			if won := oneWinner(t, errs); won != 1 {
				t.Fatalf("%d winners, want 1: %v", won, errs)
			}
			if ev := statusEvents(t, f, rel.ID); len(ev) != 1 {
				t.Fatalf("audit = %v, want one move", ev)
			}
		}
	})
}

// TestWatchMovesThroughTheTable: the watch pauses a rolling-out release
// as a recorded move, flags a paused one without moving it, and leaves a
// withdrawn one alone.
func TestWatchMovesThroughTheTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in, _ := f.integration()
		rels := map[ReleaseStatus]Release{}
		for i, st := range ReleaseStatuses {
			version := fmt.Sprintf("5.%d.0", i)
			rels[st] = f.release(version, "", st)
			for k := range 3 {
				dev := f.device(f.merchant, fmt.Sprintf("SN-%d-%d", i, k), "A2", "3.1.0")
				if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: version}); err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "升级后无法交易", "P1", ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, err := f.svc.RunWatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		flagged := map[int64]bool{}
		for _, r := range res {
			flagged[r.Release.ID] = r.Flagged
		}
		want := map[ReleaseStatus]struct {
			flagged bool
			status  ReleaseStatus
			moves   int
		}{RollingOut: {true, Paused, 1}, Paused: {true, Paused, 0}, Withdrawn: {false, Withdrawn, 0}}
		for st, w := range want {
			got, _ := f.svc.Release(ctx, rels[st].ID)
			if flagged[got.ID] != w.flagged || got.Suspect != w.flagged || got.Status != w.status {
				t.Errorf("%s release: flagged %v, %+v; want flagged %v, status %s", st, flagged[got.ID], got, w.flagged, w.status)
			}
			if ev := statusEvents(t, f, got.ID); len(ev) != w.moves {
				t.Errorf("%s release: moves %v, want %d", st, ev, w.moves)
			}
		}
	})
}

// TestReleaseJSONOffersTheNextStatuses: API clients get the moves the
// page offers.
func TestReleaseJSONOffersTheNextStatuses(t *testing.T) {
	for st, want := range map[ReleaseStatus]string{RollingOut: `["paused","withdrawn"]`, Withdrawn: `[]`} {
		b, err := json.Marshal(Release{ID: 7, Status: st})
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if string(got["next_statuses"]) != want || string(got["status"]) != `"`+string(st)+`"` || string(got["id"]) != "7" {
			t.Errorf("%s: %s", st, b)
		}
	}
}

// statusEvents is the release's history: the details of its status moves.
func statusEvents(t *testing.T, f *fixture, id int64) []map[string]any {
	t.Helper()
	var details []string
	if err := f.d.Select(ctx, &details, `SELECT detail FROM audit_events WHERE entity_type = 'release' AND entity_id = ?
		AND action = 'support.release.status' ORDER BY id`, id); err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(details))
	for i, d := range details {
		if err := json.Unmarshal([]byte(d), &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
