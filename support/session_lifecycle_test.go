package support

import (
	"fmt"
	"sync"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestSessionMovesFollowTheTable puts a diagnosed session in every status
// and tries every move: those the table allows change the status, every
// other answers 409 and changes nothing.
func TestSessionMovesFollowTheTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		for _, from := range SessionStatuses {
			for _, to := range SessionStatuses {
				t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
					ss := f.sessionIn(dev, from)
					err := d.InTx(ctx, func(tx *db.Tx) error {
						return f.svc.moveSession(ctx, tx, *f.merchant, ss, sessionMove{to: to, conflict: "support.error.stale_step"}, "test")
					})
					got, _ := f.svc.Session(ctx, *f.merchant, ss.ID)
					if !from.CanMoveTo(to) {
						wantCode(t, err, apperr.Conflict)
						if got.Status != from {
							t.Fatalf("refused move changed the status to %s", got.Status)
						}
						return
					}
					if err != nil || got.Status != to {
						t.Fatalf("move: status %s, %v", got.Status, err)
					}
				})
			}
		}
	})
}

// TestSessionServiceRefusesFinalSessions: an outcome is given once, and a
// closed session takes no more answers.
func TestSessionServiceRefusesFinalSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		asking := f.sessionIn(dev, Asking)
		_, err := f.svc.Outcome(ctx, *f.merchant, asking.ID, true, "test")
		wantCode(t, err, apperr.Conflict)
		for _, st := range []SessionStatus{Resolved, Escalated} {
			ss := f.sessionIn(dev, st)
			_, err := f.svc.Outcome(ctx, *f.merchant, ss.ID, st != Resolved, "test")
			wantCode(t, err, apperr.Conflict)
			_, err = f.svc.Answer(ctx, *f.merchant, ss.ID, "", "no_power", "test")
			wantCode(t, err, apperr.Conflict)
		}
		// Reaching a diagnosis is a status change, so it is audited.
		ss := f.sessionIn(dev, Diagnosed)
		var n int
		if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM audit_events WHERE entity_type = 'session' AND entity_id = ?
			AND action = 'support.session.diagnosed'`, ss.ID); err != nil || n != 1 {
			t.Fatalf("diagnosed events = %d, %v", n, err)
		}
	})
}

// TestSessionMoveLostRace: a move decided on a session read before the
// merchant's other tab gave the outcome fails on the conditional update.
func TestSessionMoveLostRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		stale := f.sessionIn(f.device(f.merchant, "SN-1", "A2", "3.1.0"), Diagnosed)
		if _, err := f.svc.Outcome(ctx, *f.merchant, stale.ID, true, "test"); err != nil {
			t.Fatal(err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return f.svc.moveSession(ctx, tx, *f.merchant, stale, sessionMove{to: Escalated, conflict: "support.error.no_diagnosis"}, "test")
		})
		wantCode(t, err, apperr.Conflict)
		if got, _ := f.svc.Session(ctx, *f.merchant, stale.ID); got.Status != Resolved {
			t.Fatalf("status = %s, want resolved", got.Status)
		}
	})
}

// TestConcurrentOutcomeHasOneWinner: the merchant reports "not resolved"
// from several tabs at once; one wins, the others get 409, and one ticket
// is opened. Several rounds, since goroutines need not overlap every time.
func TestConcurrentOutcomeHasOneWinner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		for range 8 {
			ss := f.sessionIn(dev, Diagnosed)
			errs := race(4, func() error {
				_, err := f.svc.Outcome(ctx, *f.merchant, ss.ID, false, "test")
				return err
			})
			var tickets int
			if err := d.Get(ctx, &tickets, `SELECT COUNT(*) FROM support_tickets WHERE session_id = ?`, ss.ID); err != nil {
				t.Fatal(err)
			}
			if won := oneWinner(t, errs); won != 1 || tickets != 1 {
				t.Fatalf("%d winners, %d tickets, want 1 and 1: %v", won, tickets, errs)
			}
		}
	})
}

// race runs fn in n goroutines released at the same moment.
func race(n int, fn func() error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn()
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// oneWinner counts the successes among errs and fails on any error but
// a conflict.
func oneWinner(t *testing.T, errs []error) int {
	t.Helper()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case apperr.CodeOf(err) != apperr.Conflict:
			t.Fatalf("loser got %v, want 409", err)
		}
	}
	return won
}

// sessionIn returns a session of dev walked to the mainboard diagnosis
// and, for statuses the walk does not reach, set to st directly.
func (f *fixture) sessionIn(dev Device, st SessionStatus) Session {
	f.t.Helper()
	ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	if st == Asking {
		return ss
	}
	ss = f.walk(f.merchant, ss, "no_power", "nothing", "still_dead")
	if ss.Status != st {
		if _, err := f.d.Exec(ctx, `UPDATE support_sessions SET status = ? WHERE id = ?`, st, ss.ID); err != nil {
			f.t.Fatal(err)
		}
	}
	if ss, err = f.svc.Session(ctx, *f.merchant, ss.ID); err != nil {
		f.t.Fatal(err)
	}
	return ss
}
