package validate

import (
	"errors"
	"testing"
)

func TestValidateMobile(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"OK 13x", "13800138000", nil},
		{"OK 19x", "19912345678", nil},
		{"ErrFormat empty", "", ErrMobileFormat},
		{"ErrFormat second digit 2", "12800138000", ErrMobileFormat},
		{"ErrFormat second digit 0", "10800138000", ErrMobileFormat},
		{"ErrFormat not starting with 1", "23800138000", ErrMobileFormat},
		{"ErrFormat 10 digits", "1380013800", ErrMobileFormat},
		{"ErrFormat 12 digits", "138001380001", ErrMobileFormat},
		{"ErrFormat letter", "1380013800a", ErrMobileFormat},
		{"ErrFormat country code (normalize first)", "+8613800138000", ErrMobileFormat},
		{"ErrFormat landline", "02164731234", ErrMobileFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateMobile(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ValidateMobile(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestNormalizeMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":          "13800138000",
		" 138 0013 8000 ":      "13800138000",
		"138-0013-8000":        "13800138000",
		"+86 138 0013 8000":    "13800138000",
		"0086 13800138000":     "13800138000",
		"１３８００１３８０００":          "13800138000",
		"+8612345":             "+8612345", // not a mainland number: left for ValidateMobile to refuse
		"8613800138000":        "8613800138000",
		"+86\u300013800138000": "13800138000",
	} {
		if got := NormalizeMobile(in); got != want {
			t.Errorf("NormalizeMobile(%q) = %q, want %q", in, got, want)
		}
	}
}
