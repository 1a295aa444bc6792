package scheduling

import (
	"testing"
	"time"

	"posportal/internal/shanghai"
)

// at is a wall-clock time in Asia/Shanghai.
func at(day string, hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hhmm, shanghai.Location)
	if err != nil {
		panic(err)
	}
	return t
}

// everyDay is 09:00–12:00 on all seven weekdays.
func everyDay(start, end int) map[time.Weekday]Hours {
	h := map[time.Weekday]Hours{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		h[d] = Hours{Weekday: d, Start: start, End: end}
	}
	return h
}

func newPlan(id int64) *plan {
	return &plan{id: id, loc: shanghai.Location, cap: 6, hours: everyDay(9*60, 12*60), blocked: map[string]bool{}}
}

func starts(slots []Slot) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.In(shanghai.Location).Format("01-02 15:04")
	}
	return out
}

func TestSlotSearchRules(t *testing.T) {
	r := DefaultRules()
	// 2026-12-01 is a Tuesday; "now" is 08:00 that day.
	now := at("2026-12-01", "08:00")
	day2, day3 := "2026-12-02", "2026-12-03"
	hour := time.Hour
	cases := []struct {
		name     string
		plans    func() []*plan
		dur      time.Duration
		from, to time.Time
		want     []string
	}{
		{"grid inside working hours, 24 h lead", func() []*plan { return []*plan{newPlan(1)} }, hour,
			at(day2, "00:00"), at(day3, "00:00"),
			// 24 h ahead is 12-02 08:00; hours 09–12 with 60 min visits: 09:00 … 11:00 on a 30-min grid.
			[]string{"12-02 09:00", "12-02 09:30", "12-02 10:00", "12-02 10:30", "12-02 11:00"}},
		{"lead time cuts the first day", func() []*plan { return []*plan{newPlan(1)} }, hour,
			at("2026-12-01", "00:00"), at(day2, "10:00"),
			[]string{"12-02 09:00", "12-02 09:30"}},
		{"lead time is exact, not rounded to a day", func() []*plan {
			p := newPlan(1)
			p.hours = everyDay(7*60, 10*60)
			return []*plan{p}
		}, hour, at("2026-12-01", "00:00"), at(day3, "00:00"),
			// 07:00 and 07:30 on 12-02 are less than 24 h after 12-01 08:00.
			[]string{"12-02 08:00", "12-02 08:30", "12-02 09:00"}},
		{"hours not on the grid round up", func() []*plan {
			p := newPlan(1)
			p.hours = everyDay(9*60+10, 11*60+40)
			return []*plan{p}
		}, hour, at(day2, "00:00"), at(day3, "00:00"),
			[]string{"12-02 09:30", "12-02 10:00", "12-02 10:30"}},
		{"travel buffer around a booked visit", func() []*plan {
			p := newPlan(1)
			p.hours = everyDay(9*60, 17*60)
			p.busy = []interval{{Start: at(day2, "12:00"), End: at(day2, "13:00")}}
			return []*plan{p}
		}, hour, at(day2, "10:00"), at(day2, "15:00"),
			// A visit must end by 11:30 or start at 13:30.
			[]string{"12-02 10:00", "12-02 10:30", "12-02 13:30", "12-02 14:00", "12-02 14:30"}},
		{"daily cap closes the day", func() []*plan {
			p := newPlan(1)
			p.cap = 1
			p.hours = everyDay(9*60, 17*60)
			p.busy = []interval{{Start: at(day2, "15:00"), End: at(day2, "16:00")}}
			return []*plan{p}
		}, hour, at(day2, "00:00"), at(day3, "09:30"),
			[]string{"12-03 09:00"}},
		{"blocked date", func() []*plan {
			p := newPlan(1)
			p.blocked[day2] = true
			return []*plan{p}
		}, hour, at(day2, "00:00"), at(day3, "09:30"),
			[]string{"12-03 09:00"}},
		{"no hours on a weekday", func() []*plan {
			p := newPlan(1)
			delete(p.hours, time.Wednesday) // 12-02
			return []*plan{p}
		}, hour, at(day2, "00:00"), at(day3, "09:30"),
			[]string{"12-03 09:00"}},
		{"visit longer than the day", func() []*plan { return []*plan{newPlan(1)} }, 3*hour + 30*time.Minute,
			at(day2, "00:00"), at(day3, "00:00"), []string{}},
		{"two installers merge without duplicates", func() []*plan {
			a, b := newPlan(1), newPlan(2)
			a.busy = []interval{{Start: at(day2, "09:00"), End: at(day2, "12:00")}}
			b.hours = everyDay(10*60, 12*60)
			return []*plan{a, b}
		}, hour, at(day2, "00:00"), at(day3, "00:00"),
			[]string{"12-02 10:00", "12-02 10:30", "12-02 11:00"}},
		{"no installer in the district", func() []*plan { return nil }, hour,
			at(day2, "00:00"), at(day3, "00:00"), []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := starts(search(c.plans(), c.dur, c.from, c.to, now, r))
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestSlotSearchHorizonIs14Days(t *testing.T) {
	now := at("2026-12-01", "08:00")
	slots := search([]*plan{newPlan(1)}, time.Hour, now, now.AddDate(0, 1, 0), now, DefaultRules())
	last := slots[len(slots)-1].Start
	if !last.Before(now.Add(14 * 24 * time.Hour)) {
		t.Fatalf("last slot %v beyond 14 days from %v", last, now)
	}
	if first := slots[0].Start; first.Before(now.Add(24 * time.Hour)) {
		t.Fatalf("first slot %v earlier than 24 h ahead", first)
	}
	// 13 days (12-02 … 12-14) of five starts; the horizon ends 12-15 08:00,
	// before that day's hours begin.
	if len(slots) != 13*5 {
		t.Fatalf("got %d slots, want %d", len(slots), 13*5)
	}
	for _, s := range slots {
		if s.Start.Location() != time.UTC || s.End.Sub(s.Start) != time.Hour {
			t.Fatalf("slot %+v not UTC or wrong length", s)
		}
	}
}

func TestDurations(t *testing.T) {
	cases := []struct {
		k    Kind
		n    int
		want time.Duration
	}{
		{Installation, 1, 60 * time.Minute}, {Installation, 3, 100 * time.Minute}, {Installation, 0, 60 * time.Minute},
		{InstallationWithTraining, 2, 125 * time.Minute}, {Training, 5, 45 * time.Minute}, {Repair, 1, 60 * time.Minute},
	}
	for _, c := range cases {
		if got := Duration(c.k, c.n); got != c.want {
			t.Errorf("Duration(%s, %d) = %v, want %v", c.k, c.n, got, c.want)
		}
	}
}
