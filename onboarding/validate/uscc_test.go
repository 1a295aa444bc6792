package validate

import (
	"errors"
	"strings"
	"testing"
)

// sampleUSCC is a real code (registration area 350100, Fuzhou).
const sampleUSCC = "91350100M000100Y43"

// TestUSCCSampleByHand recomputes the sample's check character with the
// arithmetic written out, independently of USCCCheckChar, so a wrong weight
// or alphabet in the implementation cannot also hide in the test.
func TestUSCCSampleByHand(t *testing.T) {
	// char:   9  1  3   5  0   1  0  0   M  0  0  0  1  0  0   Y   4
	// value:  9  1  3   5  0   1  0  0  21  0  0  0  1  0  0  30   4   (A=10 … H=17, J=18: I is skipped, so M=21)
	// weight: 1  3  9  27 19  26 16 17  20 29 25 13  8 24 10  30  28
	// product 9  3 27 135  0  26  0  0 420  0  0  0  8  0  0 900 112  → sum 1640
	// 1640 mod 31 = 28; 31 − 28 = 3; value 3 is '3', the 18th character.
	sum := 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112
	if sum != 1640 || 31-sum%31 != 3 {
		t.Fatalf("hand arithmetic is off: sum %d", sum)
	}
	if got, ok := USCCCheckChar(sampleUSCC[:17]); !ok || got != '3' {
		t.Fatalf("USCCCheckChar(%q) = %q, %v; want '3'", sampleUSCC[:17], got, ok)
	}
	if err := ValidateUSCC(sampleUSCC); err != nil {
		t.Fatalf("ValidateUSCC(%q) = %v", sampleUSCC, err)
	}
}

func TestUSCCCheckChar(t *testing.T) {
	// Sum 0 gives 31 − 0 = 31, which the standard maps to '0'.
	if got, _ := USCCCheckChar("00000000000000000"); got != '0' {
		t.Errorf("all-zero body: check %q, want '0' (31 → 0)", got)
	}
	// Value 1 in the last position: sum 28, 31 − 28 = 3.
	if got, _ := USCCCheckChar("00000000000000001"); got != '3' {
		t.Errorf("check %q, want '3'", got)
	}
	for _, body := range []string{"", "0000000000000000", "000000000000000000", "0000000000000000I", "0000000000000000a"} {
		if _, ok := USCCCheckChar(body); ok {
			t.Errorf("USCCCheckChar(%q) accepted a malformed body", body)
		}
	}
}

func TestValidateUSCC(t *testing.T) {
	// Further valid codes built with the check function: every registration
	// authority prefix the alphabet allows must be usable.
	built := func(body string) string {
		c, ok := USCCCheckChar(body)
		if !ok {
			t.Fatalf("bad test body %q", body)
		}
		return body + string(c)
	}
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"OK sample", sampleUSCC, nil},
		{"OK all zeros (check 31 → 0)", "000000000000000000", nil},
		{"OK built enterprise", built("91310115MA1K3YJ12"), nil},
		{"OK built individual business", built("92440300MA5FK3P7Q"), nil},
		{"OK built Y-prefixed", built("Y1110000000000000"), nil},
		{"ErrFormat empty", "", ErrUSCCFormat},
		{"ErrFormat 17 chars", sampleUSCC[:17], ErrUSCCFormat},
		{"ErrFormat 19 chars", sampleUSCC + "0", ErrUSCCFormat},
		{"ErrFormat lowercase (normalize first)", strings.ToLower(sampleUSCC), ErrUSCCFormat},
		{"ErrFormat letter I not in alphabet", "91350100I000100Y43", ErrUSCCFormat},
		{"ErrFormat letter O not in alphabet", "91350100O000100Y43", ErrUSCCFormat},
		{"ErrFormat letter S not in alphabet", "91350100S000100Y43", ErrUSCCFormat},
		{"ErrFormat letter V not in alphabet", "91350100V000100Y43", ErrUSCCFormat},
		{"ErrFormat letter Z not in alphabet", "91350100Z000100Y43", ErrUSCCFormat},
		{"ErrFormat surrounding space", " " + sampleUSCC, ErrUSCCFormat},
		{"ErrFormat full-width digit", "９1350100M000100Y4", ErrUSCCFormat},
		{"ErrChecksum wrong check char", "91350100M000100Y44", ErrUSCCChecksum},
		{"ErrChecksum transposed digits", "93150100M000100Y43", ErrUSCCChecksum},
		{"ErrChecksum typo in body", "91350100M000101Y43", ErrUSCCChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateUSCC(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ValidateUSCC(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestNormalizeUSCC(t *testing.T) {
	for in, want := range map[string]string{
		sampleUSCC:               sampleUSCC,
		"  91350100m000100y43\n": sampleUSCC,
		"9135 0100 M000 100Y 43": sampleUSCC,
		"9135-0100-M000-100Y-43": sampleUSCC,
		"９１３５０１００Ｍ０００１００Ｙ４３":             sampleUSCC,
		"\u300091350100ｍ000100ｙ43\u3000": sampleUSCC,
	} {
		got := NormalizeUSCC(in)
		if got != want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", in, got, want)
		}
		if err := ValidateUSCC(got); err != nil {
			t.Errorf("normalized %q: %v", got, err)
		}
	}
}

// FuzzUSCC checks that any input is handled without panic, that whatever is
// accepted is canonical and structurally sound, and that a valid code built
// from the input stops validating when any one character is changed: the
// weights are powers of 3 modulo the prime 31, so no single substitution
// can leave the weighted sum unchanged.
func FuzzUSCC(f *testing.F) {
	for _, s := range []string{sampleUSCC, "000000000000000000", "91350100m000100y43", "", "IOSVZ", "９１３５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeUSCC(s)
		if NormalizeUSCC(n) != n {
			t.Fatalf("NormalizeUSCC not idempotent: %q → %q → %q", s, n, NormalizeUSCC(n))
		}
		err := ValidateUSCC(s)
		switch {
		case err == nil:
			assertValidUSCC(t, s)
		case !errors.Is(err, ErrUSCCFormat) && !errors.Is(err, ErrUSCCChecksum):
			t.Fatalf("ValidateUSCC(%q) = %v: not a USCC error", s, err)
		}

		// Build a valid code from the input's bytes.
		body := make([]byte, 17)
		for i := range body {
			if len(s) > 0 {
				body[i] = usccAlphabet[int(s[i%len(s)])%len(usccAlphabet)]
			} else {
				body[i] = '0'
			}
		}
		check, ok := USCCCheckChar(string(body))
		if !ok {
			t.Fatalf("USCCCheckChar rejected in-alphabet body %q", body)
		}
		valid := string(body) + string(check)
		assertValidUSCC(t, valid)
		for i := 0; i < len(valid); i++ {
			for j := 0; j < len(usccAlphabet); j++ {
				if usccAlphabet[j] == valid[i] {
					continue
				}
				mutated := valid[:i] + string(usccAlphabet[j]) + valid[i+1:]
				if err := ValidateUSCC(mutated); !errors.Is(err, ErrUSCCChecksum) {
					t.Fatalf("%q (from %q, position %d) = %v, want checksum error", mutated, valid, i, err)
				}
			}
		}
	})
}

func assertValidUSCC(t *testing.T, s string) {
	t.Helper()
	if err := ValidateUSCC(s); err != nil {
		t.Fatalf("ValidateUSCC(%q) = %v", s, err)
	}
	if len(s) != 18 || strings.Trim(s, usccAlphabet) != "" {
		t.Fatalf("accepted %q is not 18 alphabet characters", s)
	}
	if NormalizeUSCC(s) != s {
		t.Fatalf("accepted %q is not canonical", s)
	}
	if c, _ := USCCCheckChar(s[:17]); c != s[17] {
		t.Fatalf("accepted %q has check %q, want %q", s, s[17], c)
	}
}
