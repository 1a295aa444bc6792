package validate

import (
	"errors"
	"strings"
	"testing"
)

func TestLuhn(t *testing.T) {
	// Worked example from ISO/IEC 7812-1 and Wikipedia: 7992739871 → check 3.
	if c, ok := LuhnCheckDigit("7992739871"); !ok || c != '3' {
		t.Errorf("LuhnCheckDigit = %q, %v; want '3'", c, ok)
	}
	for _, s := range []string{"79927398713", "4111111111111111", "0", "00"} {
		if !LuhnValid(s) {
			t.Errorf("LuhnValid(%q) = false", s)
		}
	}
	for _, s := range []string{"79927398710", "4111111111111112", "", "4111 1111 1111 1111", "x"} {
		if LuhnValid(s) {
			t.Errorf("LuhnValid(%q) = true", s)
		}
	}
	for _, s := range []string{"", "12a"} {
		if _, ok := LuhnCheckDigit(s); ok {
			t.Errorf("LuhnCheckDigit(%q) accepted a non-digit payload", s)
		}
	}
}

// card builds a valid card number of n digits from a prefix.
func card(t testing.TB, prefix string, n int) string {
	t.Helper()
	payload := prefix + strings.Repeat("0", n-1-len(prefix))
	c, ok := LuhnCheckDigit(payload)
	if !ok {
		t.Fatalf("bad payload %q", payload)
	}
	return payload + string(c)
}

func TestValidateBankCard(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"OK 16 digits", "4111111111111111", nil},
		{"OK 16 digits UnionPay", card(t, "622202123456", 16), nil},
		{"OK 19 digits UnionPay", card(t, "621700123456789", 19), nil},
		{"ErrFormat empty", "", ErrBankCardFormat},
		{"ErrFormat 15 digits", card(t, "37828224631000", 15), ErrBankCardFormat},
		{"ErrFormat 20 digits", card(t, "62220212345678901", 20), ErrBankCardFormat},
		{"ErrFormat spaces (normalize first)", "4111 1111 1111 1111", ErrBankCardFormat},
		{"ErrFormat letter", "411111111111111a", ErrBankCardFormat},
		{"ErrFormat full-width digits", "４１１１１１１１１１１１１１１１", ErrBankCardFormat},
		{"ErrChecksum typo", "4111111111111121", ErrBankCardChecksum},
		{"ErrChecksum adjacent swap", "1411111111111111", ErrBankCardChecksum},
		{"ErrChecksum wrong check digit", "4111111111111112", ErrBankCardChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateBankCard(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ValidateBankCard(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestValidateCorporateAccount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"OK 8 digits", "12345678", nil},
		{"OK 30 digits", strings.Repeat("9", 30), nil},
		{"OK no Luhn", "31001234567050001234", nil},
		{"ErrFormat empty", "", ErrCorpAccountFormat},
		{"ErrFormat 7 digits", "1234567", ErrCorpAccountFormat},
		{"ErrFormat 31 digits", strings.Repeat("9", 31), ErrCorpAccountFormat},
		{"ErrFormat letters", "3100123456705000123A", ErrCorpAccountFormat},
		{"ErrFormat spaces (normalize first)", "3100 1234 5670", ErrCorpAccountFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateCorporateAccount(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ValidateCorporateAccount(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestNormalizeAccountNumber(t *testing.T) {
	for in, want := range map[string]string{
		"4111 1111 1111 1111":   "4111111111111111",
		" 4111-1111-1111-1111 ": "4111111111111111",
		"４１１１\u3000１１１１":        "41111111",
		"4111\t1111\n1111":      "411111111111",
	} {
		if got := NormalizeAccountNumber(in); got != want {
			t.Errorf("NormalizeAccountNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzLuhn checks that card validation never panics, that an accepted card
// is 16–19 digits passing Luhn, and that a valid card built from the input
// fails the checksum when any one digit changes (Luhn detects every single
// substitution: doubling mod 9 is a permutation of the digits).
func FuzzLuhn(f *testing.F) {
	for _, s := range []string{"4111111111111111", "79927398713", "", "0", "4111 1111 1111 1111", "６２２２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if LuhnValid(s) && !allDigits(s) {
			t.Fatalf("LuhnValid(%q) accepted non-digits", s)
		}
		if c, ok := LuhnCheckDigit(s); ok && !LuhnValid(s+string(c)) {
			t.Fatalf("LuhnCheckDigit(%q) = %q does not validate", s, c)
		}
		err := ValidateBankCard(s)
		switch {
		case err == nil:
			assertValidCard(t, s)
		case !errors.Is(err, ErrBankCardFormat) && !errors.Is(err, ErrBankCardChecksum):
			t.Fatalf("ValidateBankCard(%q) = %v: not a bank card error", s, err)
		}
		if n := NormalizeAccountNumber(s); NormalizeAccountNumber(n) != n {
			t.Fatalf("NormalizeAccountNumber not idempotent on %q", s)
		}

		// Build a valid card of 16–19 digits from the input's bytes.
		payload := make([]byte, 15+len(s)%4)
		for i := range payload {
			if len(s) > 0 {
				payload[i] = '0' + s[i%len(s)]%10
			} else {
				payload[i] = '0'
			}
		}
		c, _ := LuhnCheckDigit(string(payload))
		valid := string(payload) + string(c)
		assertValidCard(t, valid)
		for i := 0; i < len(valid); i++ {
			for d := byte('0'); d <= '9'; d++ {
				if d == valid[i] {
					continue
				}
				mutated := valid[:i] + string(d) + valid[i+1:]
				if err := ValidateBankCard(mutated); !errors.Is(err, ErrBankCardChecksum) {
					t.Fatalf("%q (from %q, position %d) = %v, want checksum error", mutated, valid, i, err)
				}
			}
		}
	})
}

func assertValidCard(t *testing.T, s string) {
	t.Helper()
	if err := ValidateBankCard(s); err != nil {
		t.Fatalf("ValidateBankCard(%q) = %v", s, err)
	}
	if len(s) < 16 || len(s) > 19 || !allDigits(s) || !LuhnValid(s) || NormalizeAccountNumber(s) != s {
		t.Fatalf("accepted %q is not a canonical 16–19 digit Luhn number", s)
	}
}
