package validate

import "strings"

// usccAlphabet is the GB 32100-2015 character set in value order. I, O, S,
// V and Z are left out because they are easily confused with 1, 0, 5, U and 2.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^i mod 31 for the first 17 positions (GB 32100-2015).
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeUSCC returns the canonical form of a typed unified social credit
// code: full-width characters narrowed, spaces and hyphens removed, letters
// uppercased. Lowercase is accepted here because the code's alphabet has no
// case distinction and people copy it from license scans in any case.
func NormalizeUSCC(s string) string {
	return strings.ToUpper(stripSeparators(narrow(s)))
}

// ValidateUSCC checks a canonical unified social credit code: 18 characters
// of the GB 32100-2015 alphabet whose last character is the check character
// of the first 17. It returns [ErrUSCCFormat] or [ErrUSCCChecksum].
func ValidateUSCC(s string) error {
	if len(s) != 18 {
		return ErrUSCCFormat
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(usccAlphabet, s[i]) < 0 {
			return ErrUSCCFormat
		}
	}
	check, _ := USCCCheckChar(s[:17])
	if s[17] != check {
		return ErrUSCCChecksum
	}
	return nil
}

// USCCCheckChar returns the check character for the first 17 characters of
// a unified social credit code, or false if body is not 17 characters of the
// code's alphabet. Demo data and tests use it to build valid codes.
func USCCCheckChar(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	// 31 − (sum mod 31) is in 1..31; the standard maps 31 to 0.
	return usccAlphabet[(31-sum%31)%31], true
}
