package money

import "testing"

func TestParseYuan(t *testing.T) {
	ok := map[string]int64{"0": 0, "1": 100, "1.5": 150, "1.05": 105, "¥1,234.56": 123456, "300000": 30000000, " 12 ": 1200}
	for in, want := range ok {
		if got, err := ParseYuan(in); err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.234", "abc", "1.", ".5", "1e5", "99999999999999999999"} {
		if _, err := ParseYuan(in); err == nil {
			t.Errorf("ParseYuan(%q) accepted", in)
		}
	}
}

func TestYuan(t *testing.T) {
	cases := map[int64]string{0: "0.00", 5: "0.05", 123456: "1,234.56", 30000000: "300,000.00", -150: "-1.50"}
	for in, want := range cases {
		if got := Yuan(in); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(int64(123456))
	f.Fuzz(func(t *testing.T, fen int64) {
		if fen < 0 || fen > 1<<60 {
			return
		}
		got, err := ParseYuan(Yuan(fen))
		if err != nil || got != fen {
			t.Fatalf("round trip %d → %q → %d, %v", fen, Yuan(fen), got, err)
		}
	})
}

func TestPercent(t *testing.T) {
	cases := map[int64]string{0: "0.00", 3800: "0.38", 6000: "0.60", 12345: "1.2345", 100000: "10.00", 5: "0.0005"}
	for in, want := range cases {
		if got := Percent(in); got != want {
			t.Errorf("Percent(%d) = %q, want %q", in, got, want)
		}
	}
}
