package workcal

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// clock is a settable now for the service under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newUser(t *testing.T, d *db.DB, role auth.Role, email string) *auth.User {
	t.Helper()
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.CreateUser(context.Background(), nil, auth.NewUser{Email: email, Password: "staff password 1", Name: string(role), Phone: "13812345678", Role: role}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return &u
}

func seeded(t *testing.T, d *db.DB, c *clock) *Service {
	t.Helper()
	s := NewService(d, c.now)
	if _, err := s.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEnsureDefaultsIsIdempotentAndKeepsAdminEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 24, 4, 0, 0, 0, time.UTC)}
		s := NewService(d, c.now)
		n, err := s.EnsureDefaults(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(Defaults()) {
			t.Fatalf("first run added %d days, want %d", n, len(Defaults()))
		}
		admin := newUser(t, d, auth.Admin, "admin@bank.example")

		// The admin corrects a provisional day's name and removes another.
		if _, err := s.SetDay(ctx, admin, DayInput{Date: "2027-05-08", Kind: Workday, NameZH: "劳动节调休", NameEN: "Labour Day make-up"}, auth.Request{}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDay(ctx, admin, "2027-09-26", auth.Request{}); err != nil {
			t.Fatal(err)
		}
		before, _ := s.List(ctx, 2027)

		for range 2 {
			n, err := NewService(d, c.now).EnsureDefaults(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("re-run added %d days", n)
			}
		}
		after, _ := s.List(ctx, 2027)
		if len(after) != len(before) {
			t.Fatalf("2027 had %d entries, now %d", len(before), len(after))
		}
		for i := range after {
			if after[i].Date != before[i].Date || after[i].NameZH != before[i].NameZH || after[i].Provisional != before[i].Provisional {
				t.Errorf("entry changed by re-seeding: %+v → %+v", before[i], after[i])
			}
			if after[i].Date == "2027-09-26" {
				t.Error("a deleted built-in day came back")
			}
		}
		edited := find(after, "2027-05-08")
		if edited.NameZH != "劳动节调休" || edited.Provisional || edited.UpdatedBy == nil || *edited.UpdatedBy != admin.ID {
			t.Errorf("admin edit not kept as entered: %+v", edited)
		}
		seeds, _ := audit.List(ctx, d, audit.Filter{Action: "calendar.seed"})
		if len(seeds) != 1 {
			t.Errorf("%d seed events, want 1", len(seeds))
		}
	})
}

func TestOnlyAdminsEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := seeded(t, d, &clock{t: time.Now()})
		reviewer := newUser(t, d, auth.Reviewer, "reviewer@bank.example")
		merchant := newUser(t, d, auth.Merchant, "shop@example.com")
		in := DayInput{Date: "2026-12-31", Kind: Holiday, NameZH: "测试", NameEN: "Test"}
		for _, u := range []*auth.User{nil, reviewer, merchant} {
			if _, err := s.SetDay(ctx, u, in, auth.Request{}); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("SetDay by %v: %v, want forbidden", u, err)
			}
			if err := s.DeleteDay(ctx, u, "2026-10-01", auth.Request{}); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("DeleteDay by %v: %v, want forbidden", u, err)
			}
			if _, err := s.ConfirmYear(ctx, u, 2027, auth.Request{}); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("ConfirmYear by %v: %v, want forbidden", u, err)
			}
		}
		cal, _ := s.Calendar(ctx)
		if d, _ := ParseDate("2026-12-31"); !cal.IsBusinessDay(d) {
			t.Error("a refused edit changed the calendar")
		}
	})
}

func TestEditsReachTheCachedCalendar(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := seeded(t, d, &clock{t: time.Now()})
		admin := newUser(t, d, auth.Admin, "admin@bank.example")
		dec31, _ := ParseDate("2026-12-31")
		oct1, _ := ParseDate("2026-10-01")

		cal, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !cal.IsBusinessDay(dec31) || cal.IsBusinessDay(oct1) {
			t.Fatal("seeded calendar wrong")
		}
		if again, _ := s.Calendar(ctx); again != cal {
			t.Error("calendar not cached between calls")
		}

		if _, err := s.SetDay(ctx, admin, DayInput{Date: "2026-12-31", Kind: Holiday, NameZH: "年终结算", NameEN: "Year-end closing"}, auth.Request{IP: "10.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		cal, _ = s.Calendar(ctx)
		if cal.IsBusinessDay(dec31) {
			t.Error("new holiday not seen after SetDay")
		}
		if err := s.DeleteDay(ctx, admin, "2026-10-01", auth.Request{}); err != nil {
			t.Fatal(err)
		}
		cal, _ = s.Calendar(ctx)
		if !cal.IsBusinessDay(oct1) {
			t.Error("deleted holiday still off after DeleteDay")
		}
		// Setting a deleted day again brings it back.
		if _, err := s.SetDay(ctx, admin, DayInput{Date: "2026-10-01", Kind: Holiday, NameZH: "国庆节", NameEN: "National Day"}, auth.Request{}); err != nil {
			t.Fatal(err)
		}
		if cal, _ = s.Calendar(ctx); cal.IsBusinessDay(oct1) {
			t.Error("re-added holiday not seen")
		}

		set, _ := audit.List(ctx, d, audit.Filter{ActorID: &admin.ID, Action: "calendar.set_day"})
		del, _ := audit.List(ctx, d, audit.Filter{ActorID: &admin.ID, Action: "calendar.delete_day"})
		if len(set) != 2 || set[1].IP != "10.0.0.1" || len(del) != 1 {
			t.Errorf("audit events: set %+v, delete %+v", set, del)
		}
	})
}

// An edit made on another portal instance is seen by this one's very next
// call, with no waiting for a cache to expire; without edits the cached
// calendar is reused.
func TestEditOnOtherInstanceSeenAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{t: time.Now()}
		here := seeded(t, d, c)
		there := NewService(d, c.now)
		admin := newUser(t, d, auth.Admin, "admin@bank.example")
		dec31, _ := ParseDate("2026-12-31")
		oct1, _ := ParseDate("2026-10-01")

		first, _ := here.Calendar(ctx)
		if !first.IsBusinessDay(dec31) {
			t.Fatal("seeded calendar wrong")
		}
		if again, _ := here.Calendar(ctx); again != first {
			t.Fatal("calendar not cached between calls")
		}
		if _, err := there.SetDay(ctx, admin, DayInput{Date: "2026-12-31", Kind: Holiday, NameZH: "年终结算", NameEN: "Year-end closing"}, auth.Request{}); err != nil {
			t.Fatal(err)
		}
		if cal, _ := here.Calendar(ctx); cal.IsBusinessDay(dec31) {
			t.Error("other instance's new holiday not seen")
		}
		if err := there.DeleteDay(ctx, admin, "2026-10-01", auth.Request{}); err != nil {
			t.Fatal(err)
		}
		if cal, _ := here.Calendar(ctx); !cal.IsBusinessDay(oct1) {
			t.Error("other instance's deletion not seen")
		}
	})
}

func TestSetDayValidates(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := seeded(t, d, &clock{t: time.Now()})
	admin := newUser(t, d, auth.Admin, "admin@bank.example")
	cases := []struct {
		in    DayInput
		field string
		key   string
	}{
		{DayInput{Date: "2026-13-01", Kind: Holiday, NameZH: "x", NameEN: "x"}, "day", "calendar.error.day"},
		{DayInput{Date: "2026-1-5", Kind: Holiday, NameZH: "x", NameEN: "x"}, "day", "calendar.error.day"},
		{DayInput{Date: "1999-01-05", Kind: Holiday, NameZH: "x", NameEN: "x"}, "day", "calendar.error.day"},
		{DayInput{Date: "2026-12-31", Kind: "off", NameZH: "x", NameEN: "x"}, "kind", "calendar.error.kind"},
		{DayInput{Date: "2026-12-26", Kind: Holiday, NameZH: "x", NameEN: "x"}, "kind", "calendar.error.holiday_on_weekend"},
		{DayInput{Date: "2026-12-31", Kind: Workday, NameZH: "x", NameEN: "x"}, "kind", "calendar.error.workday_on_weekday"},
		{DayInput{Date: "2026-12-31", Kind: Holiday, NameZH: "  ", NameEN: "x"}, "name_zh", "calendar.error.name"},
		{DayInput{Date: "2026-12-31", Kind: Holiday, NameZH: "x", NameEN: string(make([]byte, 41))}, "name_en", "calendar.error.name"},
	}
	for _, tc := range cases {
		_, err := s.SetDay(ctx, admin, tc.in, auth.Request{})
		e := apperr.As(err)
		if e == nil || e.Code != apperr.Validation || e.Fields[tc.field] != tc.key {
			t.Errorf("%+v: %v, want %s on %s", tc.in, err, tc.key, tc.field)
		}
	}
	if err := s.DeleteDay(ctx, admin, "2026-12-30", auth.Request{}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("deleting a day without an entry: %v", err)
	}
}

func TestConfirmYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := seeded(t, d, &clock{t: time.Now()})
		admin := newUser(t, d, auth.Admin, "admin@bank.example")
		days, _ := s.List(ctx, 2027)
		n, err := s.ConfirmYear(ctx, admin, 2027, auth.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(days) {
			t.Errorf("confirmed %d of %d entries", n, len(days))
		}
		days, _ = s.List(ctx, 2027)
		for _, d := range days {
			if d.Provisional {
				t.Errorf("%s still provisional", d.Date)
			}
		}
		if n, _ := s.ConfirmYear(ctx, admin, 2027, auth.Request{}); n != 0 {
			t.Errorf("second confirmation changed %d entries", n)
		}
		events, _ := audit.List(ctx, d, audit.Filter{Action: "calendar.confirm_year"})
		if len(events) != 1 || events[0].EntityID == nil || *events[0].EntityID != 2027 {
			t.Errorf("confirm events: %+v", events)
		}
	})
}

func TestYears(t *testing.T) {
	d := dbtest.SQLite(t)
	s := seeded(t, d, &clock{t: time.Date(2027, 12, 31, 17, 0, 0, 0, time.UTC)}) // 2028-01-01 01:00 in Shanghai
	ys, err := s.Years(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2026, 2027, 2028, 2029}; !slices.Equal(ys, want) {
		t.Errorf("Years = %v, want %v", ys, want)
	}
}

func find(days []Day, date string) Day {
	for _, d := range days {
		if d.Date == date {
			return d
		}
	}
	return Day{}
}

// Readers share the cached calendar while an admin edits; run with -race.
func TestCalendarConcurrentUse(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := seeded(t, d, &clock{t: time.Now()})
	admin := newUser(t, d, auth.Admin, "admin@bank.example")
	start := at("2026-09-30 17:00")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				cal, err := s.Calendar(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				cal.AddBusinessDays(start, 2)
			}
		})
	}
	for i := range 5 {
		kind := Holiday
		if i%2 == 1 {
			kind = Workday
		}
		date := map[Kind]string{Holiday: "2026-12-31", Workday: "2026-12-26"}[kind]
		if _, err := s.SetDay(ctx, admin, DayInput{Date: date, Kind: kind, NameZH: "测试", NameEN: "Test"}, auth.Request{}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	cal, _ := s.Calendar(ctx)
	dec26, _ := ParseDate("2026-12-26")
	dec31, _ := ParseDate("2026-12-31")
	if !cal.IsBusinessDay(dec26) || cal.IsBusinessDay(dec31) {
		t.Error("final calendar misses the edits")
	}
}
