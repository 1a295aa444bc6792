package validate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"posportal/internal/shanghai"
)

// sampleResidentID is the worked example of GB 11643-1999: born
// 1949-12-31 in Beijing's Chaoyang district, female (17th digit 2).
const sampleResidentID = "11010519491231002X"

// testNow is a fixed "today" so age checks are deterministic.
var testNow = time.Date(2026, 3, 15, 10, 0, 0, 0, shanghai.Location)

// withCheck appends the check character to a 17-digit body.
func withCheck(t testing.TB, body string) string {
	t.Helper()
	c, ok := ResidentIDCheckChar(body)
	if !ok {
		t.Fatalf("bad test body %q", body)
	}
	return body + string(c)
}

// TestResidentIDSampleByHand recomputes the standard's example without
// ResidentIDCheckChar.
func TestResidentIDSampleByHand(t *testing.T) {
	// digits  1  1  0  1 0 5 1 9 4 9 1 2  3 1 0 0 2
	// weights 7  9 10  5 8 4 2 1 6 3 7 9 10 5 8 4 2
	// sum = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X
	sum := 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4
	if sum != 167 || sum%11 != 2 {
		t.Fatalf("hand arithmetic is off: %d", sum)
	}
	if c, ok := ResidentIDCheckChar(sampleResidentID[:17]); !ok || c != 'X' {
		t.Fatalf("ResidentIDCheckChar = %q, %v; want 'X'", c, ok)
	}
}

func TestParseResidentID(t *testing.T) {
	id, err := ParseResidentID(sampleResidentID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := ResidentID{
		Number:    sampleResidentID,
		AreaCode:  "110105",
		BirthDate: time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC),
		Gender:    Female,
	}
	if id != want {
		t.Errorf("got %+v, want %+v", id, want)
	}
	if age := id.AgeAt(testNow); age != 76 {
		t.Errorf("AgeAt = %d, want 76", age)
	}

	male, err := ParseResidentID(withCheck(t, "31011519800101001"), testNow)
	if err != nil || male.Gender != Male || male.Gender.String() != "male" {
		t.Errorf("odd 17th digit: %+v, %v; want male", male, err)
	}
}

func TestParseResidentIDNormalizes(t *testing.T) {
	for _, in := range []string{
		"11010519491231002x",
		" 110105 19491231 002X ",
		"110105-19491231-002x",
		"１１０１０５１９４９１２３１００２ｘ",
	} {
		id, err := ParseResidentID(in, testNow)
		if err != nil || id.Number != sampleResidentID {
			t.Errorf("ParseResidentID(%q) = %q, %v; want %q", in, id.Number, err, sampleResidentID)
		}
		// The strict form refuses it, so an un-normalized value is never stored.
		if err := ValidateResidentID(in, testNow); !errors.Is(err, ErrResidentIDFormat) {
			t.Errorf("ValidateResidentID(%q) = %v, want format error", in, err)
		}
	}
}

func TestParseResidentIDErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		now  time.Time
		want error
	}{
		{"OK sample", sampleResidentID, testNow, nil},
		{"OK 18th birthday is today", withCheck(t, "31011520080315001"), testNow, nil},
		{"OK born 1900-01-01", withCheck(t, "31011519000101001"), testNow, nil},
		{"ErrFormat empty", "", testNow, ErrResidentIDFormat},
		{"ErrFormat 17 chars", sampleResidentID[:17], testNow, ErrResidentIDFormat},
		{"ErrFormat 19 chars", sampleResidentID + "1", testNow, ErrResidentIDFormat},
		{"ErrFormat 15-digit first-generation number", "110105491231002", testNow, ErrResidentIDFormat},
		{"ErrFormat letter in body", "1101051949123100AX", testNow, ErrResidentIDFormat},
		{"ErrFormat X not last", "1101051949123100X2", testNow, ErrResidentIDFormat},
		{"ErrFormat check char Y", "11010519491231002Y", testNow, ErrResidentIDFormat},
		{"ErrChecksum wrong check", "110105194912310021", testNow, ErrResidentIDChecksum},
		{"ErrChecksum transposed digits", "11010519491213002X", testNow, ErrResidentIDChecksum},
		// 440524188001010014 has a correct check digit but a 19th-century birth date.
		{"ErrBirthDate before 1900", "440524188001010014", testNow, ErrResidentIDBirthDate},
		{"ErrBirthDate 30 February", withCheck(t, "31011519900230001"), testNow, ErrResidentIDBirthDate},
		{"ErrBirthDate month 13", withCheck(t, "31011519901301001"), testNow, ErrResidentIDBirthDate},
		{"ErrBirthDate day 00", withCheck(t, "31011519900100001"), testNow, ErrResidentIDBirthDate},
		{"ErrBirthDate 29 February in a common year", withCheck(t, "31011519900229001"), testNow, ErrResidentIDBirthDate},
		{"ErrBirthDate tomorrow", withCheck(t, "31011520260316001"), testNow, ErrResidentIDBirthDate},
		{"ErrUnder18 born today", withCheck(t, "31011520260315001"), testNow, ErrResidentIDUnder18},
		{"ErrUnder18 turns 18 tomorrow", withCheck(t, "31011520080316001"), testNow, ErrResidentIDUnder18},
		// Shanghai's date decides: 2026-03-14 23:30 in Shanghai is still the 14th.
		{"ErrUnder18 day before in Shanghai", withCheck(t, "31011520080315001"),
			time.Date(2026, 3, 14, 23, 30, 0, 0, shanghai.Location), ErrResidentIDUnder18},
		{"OK midnight passed in Shanghai, not in UTC", withCheck(t, "31011520080315001"),
			time.Date(2026, 3, 14, 16, 30, 0, 0, time.UTC).In(shanghai.Location), nil},
		{"ErrUnder18 leap-day birth on 28 February", withCheck(t, "31011520080229001"),
			time.Date(2026, 2, 28, 12, 0, 0, 0, shanghai.Location), ErrResidentIDUnder18},
		{"OK leap-day birth on 1 March", withCheck(t, "31011520080229001"),
			time.Date(2026, 3, 1, 12, 0, 0, 0, shanghai.Location), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseResidentID(tt.in, tt.now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseResidentID(%q) = %v, want %v", tt.in, err, tt.want)
			}
			if err != nil && id != (ResidentID{}) {
				t.Errorf("failed parse returned %+v, want zero value", id)
			}
			if verr := ValidateResidentID(tt.in, tt.now); !errors.Is(verr, tt.want) {
				t.Errorf("ValidateResidentID(%q) = %v, want %v", tt.in, verr, tt.want)
			}
		})
	}
}

func TestAgeAt(t *testing.T) {
	id := ResidentID{BirthDate: time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2000, 2, 29, 0, 0, 0, 0, shanghai.Location), 0},
		{time.Date(2001, 2, 28, 23, 59, 0, 0, shanghai.Location), 0},
		{time.Date(2001, 3, 1, 0, 0, 0, 0, shanghai.Location), 1},
		{time.Date(2004, 2, 29, 0, 0, 0, 0, shanghai.Location), 4},
		{time.Date(2018, 2, 28, 0, 0, 0, 0, shanghai.Location), 17},
		{time.Date(2018, 3, 1, 0, 0, 0, 0, shanghai.Location), 18},
	} {
		if got := id.AgeAt(tt.now); got != tt.want {
			t.Errorf("AgeAt(%s) = %d, want %d", tt.now.Format(time.DateOnly), got, tt.want)
		}
	}
}

// FuzzResidentID checks that any input is handled without panic, that an
// accepted number is canonical and consistent with what was parsed out of
// it, and that a valid number built from the input fails the checksum when
// any one character changes: MOD 11-2 weights are powers of 2 modulo the
// prime 11, so no single substitution leaves the sum unchanged.
func FuzzResidentID(f *testing.F) {
	for _, s := range []string{sampleResidentID, "11010519491231002x", "440524188001010014", "", "X", "１１０１"} {
		f.Add(s)
	}
	earliest := earliestBirthDate
	latest := calendarDate(testNow).AddDate(-adultAge, 0, 0)
	span := int(latest.Sub(earliest).Hours()/24) + 1
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseResidentID(s, testNow)
		switch {
		case err == nil:
			assertValidResidentID(t, id)
		case !errors.Is(err, ErrResidentIDFormat) && !errors.Is(err, ErrResidentIDChecksum) &&
			!errors.Is(err, ErrResidentIDBirthDate) && !errors.Is(err, ErrResidentIDUnder18):
			t.Fatalf("ParseResidentID(%q) = %v: not a resident ID error", s, err)
		}

		// Build an adult's valid number from the input's bytes.
		h := 0
		for i := 0; i < len(s); i++ {
			h = (h*31 + int(s[i])) % 1_000_003
		}
		digit := func(i int) byte {
			if len(s) == 0 {
				return '0'
			}
			return '0' + s[i%len(s)]%10
		}
		birth := earliest.AddDate(0, 0, h%span)
		body := string([]byte{digit(0), digit(1), digit(2), digit(3), digit(4), digit(5)}) +
			birth.Format("20060102") + string([]byte{digit(6), digit(7), digit(8)})
		valid := withCheck(t, body)
		id, err = ParseResidentID(valid, testNow)
		if err != nil {
			t.Fatalf("built %q: %v", valid, err)
		}
		assertValidResidentID(t, id)
		for i := 0; i < 18; i++ {
			for _, c := range []byte("0123456789X") {
				if c == valid[i] || (c == 'X' && i < 17) {
					continue
				}
				mutated := valid[:i] + string(c) + valid[i+1:]
				if _, err := ParseResidentID(mutated, testNow); !errors.Is(err, ErrResidentIDChecksum) {
					t.Fatalf("%q (from %q, position %d) = %v, want checksum error", mutated, valid, i, err)
				}
			}
		}
	})
}

func assertValidResidentID(t *testing.T, id ResidentID) {
	t.Helper()
	n := id.Number
	if err := ValidateResidentID(n, testNow); err != nil {
		t.Fatalf("parsed number %q does not re-validate: %v", n, err)
	}
	again, err := ParseResidentID(n, testNow)
	if err != nil || again != id {
		t.Fatalf("re-parse of %q = %+v, %v; want %+v", n, again, err, id)
	}
	if len(n) != 18 || strings.Trim(n[:17], "0123456789") != "" || strings.Trim(n[17:], "0123456789X") != "" {
		t.Fatalf("accepted %q is not 17 digits and a check character", n)
	}
	if id.AreaCode != n[:6] || id.BirthDate.Format("20060102") != n[6:14] {
		t.Fatalf("fields of %q disagree with it: %+v", n, id)
	}
	if (id.Gender == Male) != ((n[16]-'0')%2 == 1) || (id.Gender != Male && id.Gender != Female) {
		t.Fatalf("gender %v of %q disagrees with digit 17", id.Gender, n)
	}
	if id.BirthDate.Before(earliestBirthDate) || id.AgeAt(testNow) < adultAge {
		t.Fatalf("accepted %q: birth %s", n, id.BirthDate.Format(time.DateOnly))
	}
}
