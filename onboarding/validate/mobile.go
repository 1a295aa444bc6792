package validate

import "strings"

// NormalizeMobile returns the canonical form of a typed mainland mobile
// number: full-width digits narrowed, spaces and hyphens removed, and a
// leading +86 / 0086 country code dropped, since contact mobiles are
// mainland numbers and stored without it.
func NormalizeMobile(s string) string {
	n := stripSeparators(narrow(s))
	for _, prefix := range []string{"+86", "0086"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && len(rest) == 11 {
			return rest
		}
	}
	return n
}

// ValidateMobile checks a canonical mainland mobile number: 1, then 3–9,
// then nine digits (SPEC §2.1). It returns [ErrMobileFormat].
func ValidateMobile(s string) error {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' || !allDigits(s) {
		return ErrMobileFormat
	}
	return nil
}
