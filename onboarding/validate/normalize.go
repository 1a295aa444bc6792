package validate

import (
	"strings"
	"unicode"
)

// narrow maps full-width forms to their ASCII counterparts (Ａ→A, １→1,
// （→(, ideographic space → space). Chinese input methods switch to
// full-width easily, and a number typed that way is still the same number.
func narrow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFEE0
		}
		return r
	}, s)
}

// stripSeparators removes the spaces and hyphens people use to group long
// numbers ("6222 0212 …", "138-0013-8000").
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
