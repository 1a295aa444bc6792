package fees

import (
	"fmt"
	"strconv"
)

// BasisPoints is a rate in basis points with exactly two decimals, held as
// an integer count of hundredths of a basis point (2345 means 23.45 bp,
// i.e. 0.2345 %). It exists so the effective rate is computed with integer
// arithmetic like every amount of money, yet JSON-encodes as the plain
// number §11 asks for ("effective_rate_bp": 23.45), never as a float that
// could print 23.449999.
type BasisPoints int64

// String formats b with exactly two decimals, e.g. "23.45" or "0.05".
func (b BasisPoints) String() string {
	sign := ""
	v := int64(b)
	if v < 0 {
		sign = "-"
		v = -v // b never reaches MinInt64: effective rates are non-negative
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON emits b as a JSON number with two decimals.
func (b BasisPoints) MarshalJSON() ([]byte, error) {
	return []byte(b.String()), nil
}

// UnmarshalJSON accepts a JSON number with at most two decimals, so what
// MarshalJSON wrote reads back unchanged; more decimals are refused rather
// than rounded because they cannot have come from this package.
func (b *BasisPoints) UnmarshalJSON(data []byte) error {
	s := string(data)
	if s == "null" { // encoding/json convention: null leaves the value alone
		return nil
	}
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg, s = true, s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	if intPart == "" || len(frac) > 2 || (len(frac) == 0 && len(intPart) != len(s)) {
		return fmt.Errorf("fees: effective rate %q: want a number with at most 2 decimals", data)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	whole, err := strconv.ParseUint(intPart, 10, 63)
	if err != nil {
		return fmt.Errorf("fees: effective rate %q: %w", data, err)
	}
	hundredths, err := strconv.ParseUint(frac, 10, 8)
	if err != nil {
		return fmt.Errorf("fees: effective rate %q: %w", data, err)
	}
	if whole > (1<<63-1-hundredths)/100 {
		return fmt.Errorf("fees: effective rate %q: %w", data, ErrOverflow)
	}
	v := int64(whole*100 + hundredths)
	if neg {
		v = -v
	}
	*b = BasisPoints(v)
	return nil
}
