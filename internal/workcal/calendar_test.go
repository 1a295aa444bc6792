package workcal

import (
	"testing"
	"time"

	"posportal/internal/shanghai"
)

// at is a Shanghai wall-clock time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai.Location)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddBusinessDays(t *testing.T) {
	cal := NewCalendar(Defaults())
	cases := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"ordinary week", "2026-03-10 09:30", 2, "2026-03-12 09:30"},
		{"over a weekend", "2026-03-13 17:00", 2, "2026-03-17 17:00"},
		// 国庆 10-01..10-07 off; 10-08 and 10-09 are the next business days.
		{"into National Day", "2026-09-30 17:00", 2, "2026-10-09 17:00"},
		{"onto the Saturday workday after National Day", "2026-10-09 17:00", 1, "2026-10-10 17:00"},
		{"National Day then the Saturday workday", "2026-09-30 17:00", 3, "2026-10-10 17:00"},
		{"Sunday workday before National Day counts", "2026-09-18 10:00", 1, "2026-09-20 10:00"},
		// 春节: 02-14 (Sat) is worked, 02-15..02-23 off.
		{"Spring Festival eve Friday", "2026-02-13 10:00", 1, "2026-02-14 10:00"},
		{"across Spring Festival", "2026-02-13 10:00", 2, "2026-02-24 10:00"},
		{"Saturday workday after Spring Festival", "2026-02-27 16:00", 1, "2026-02-28 16:00"},
		{"provisional 2027 Spring Festival", "2027-02-04 11:00", 2, "2027-02-16 11:00"},
		// A start on a day off starts the clock at the next business day's midnight.
		{"Saturday start", "2026-03-07 10:00", 2, "2026-03-11 00:00"},
		{"Sunday evening start", "2026-03-08 23:59", 1, "2026-03-10 00:00"},
		{"start during National Day", "2026-10-03 15:00", 2, "2026-10-10 00:00"},
		{"start on a Saturday workday counts that day", "2026-10-10 08:00", 1, "2026-10-12 08:00"},
		{"n=0 on a business day", "2026-03-10 09:30", 0, "2026-03-10 09:30"},
		{"n=0 on a weekend", "2026-03-07 10:00", 0, "2026-03-09 00:00"},
		{"n=0 on a holiday", "2026-10-01 10:00", 0, "2026-10-08 00:00"},
		{"year end into New Year", "2026-12-31 12:00", 1, "2027-01-04 12:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := cal.AddBusinessDays(at(tc.start), tc.n)
			if want := at(tc.want); !got.Equal(want) {
				t.Errorf("%s + %d business days = %s, want %s", tc.start, tc.n, got.Format("2006-01-02 15:04 Mon"), tc.want)
			}
			if got.Location() != shanghai.Location {
				t.Errorf("result in %s, want Asia/Shanghai", got.Location())
			}
		})
	}
}

func TestAddBusinessDaysReadsTimesInShanghai(t *testing.T) {
	cal := NewCalendar(Defaults())
	// 2026-09-30 09:00 UTC is 17:00 in Shanghai, the last afternoon before 国庆.
	start := time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC)
	if got, want := cal.AddBusinessDays(start, 2), at("2026-10-09 17:00"); !got.Equal(want) {
		t.Fatalf("got %s, want %s", got, want)
	}
	// 2026-10-07 20:00 UTC is already 10-08 04:00 in Shanghai: a business day.
	if !cal.IsBusinessDay(time.Date(2026, 10, 7, 20, 0, 0, 0, time.UTC)) {
		t.Fatal("UTC evening of the last holiday is the first Shanghai business morning")
	}
}

func TestSLAFlag(t *testing.T) {
	cal := NewCalendar(Defaults())
	submitted := at("2026-09-30 17:00")
	due := cal.AddBusinessDays(submitted, 2)
	if at("2026-10-09 16:59").After(due) {
		t.Error("flagged before two business days passed")
	}
	if !at("2026-10-09 17:01").After(due) {
		t.Error("not flagged after two business days")
	}
}

func TestIsBusinessDay(t *testing.T) {
	cal := NewCalendar(Defaults())
	cases := map[string]bool{
		"2026-01-01": false, // 元旦, Thursday
		"2026-01-04": true,  // make-up Sunday
		"2026-02-16": false, // 除夕, Monday
		"2026-02-24": true,
		"2026-04-06": false, // 清明 Monday
		"2026-05-09": true,  // make-up Saturday
		"2026-06-19": false,
		"2026-09-25": false,
		"2026-10-08": true,
		"2026-11-21": false, // an ordinary Saturday
		"2026-11-23": true,  // an ordinary Monday
		"2028-03-01": true,  // no data: the weekday rule
	}
	for date, want := range cases {
		d, _ := ParseDate(date)
		if got := cal.IsBusinessDay(d); got != want {
			t.Errorf("IsBusinessDay(%s %s) = %v, want %v", date, d.Weekday(), got, want)
		}
	}
}

func TestAddBusinessDaysRefusesNegative(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for n < 0")
		}
	}()
	NewCalendar(nil).AddBusinessDays(at("2026-03-10 09:30"), -1)
}
