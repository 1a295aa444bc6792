package fees

import (
	"errors"
	"math"
	"math/bits"
)

// ErrOverflow is returned when an amount would not fit in int64 fen. It is
// reported instead of wrapping because a wrapped total would silently rank
// an absurdly expensive plan as the cheapest.
var ErrOverflow = errors.New("fees: amount exceeds the int64 fen range")

// errNegative guards the unsigned 128-bit helpers; validated inputs never
// reach it.
var errNegative = errors.New("fees: negative operand (input not validated)")

// checked accumulates int64 arithmetic on non-negative amounts with a sticky
// error, so a formula reads as a formula and is checked once at the end.
type checked struct{ err error }

func (c *checked) add(a, b int64) int64 {
	if c.err != nil {
		return 0
	}
	if a < 0 || b < 0 {
		c.err = errNegative
		return 0
	}
	if a > math.MaxInt64-b {
		c.err = ErrOverflow
		return 0
	}
	return a + b
}

func (c *checked) mul(a, b int64) int64 {
	if c.err != nil {
		return 0
	}
	if a < 0 || b < 0 {
		c.err = errNegative
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		c.err = ErrOverflow
		return 0
	}
	return int64(lo)
}

// mulPPMHalfUp is mulDivHalfUp(a, ppm, PPMPerUnit), the per-transaction
// percentage. The constant divisor lets the compiler divide by
// multiplication when the product fits in 64 bits, which it does for every
// real ticket; only larger products take the 128-bit division.
func (c *checked) mulPPMHalfUp(a, ppm int64) int64 {
	if c.err != nil {
		return 0
	}
	if a < 0 || ppm < 0 {
		c.err = errNegative
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(ppm))
	if hi != 0 {
		return c.mulDivHalfUp(a, ppm, PPMPerUnit)
	}
	// q ≤ MaxUint64 / 10⁶, so neither the rounding step nor the
	// conversion can overflow.
	q, r := lo/PPMPerUnit, lo%PPMPerUnit
	if r >= PPMPerUnit-r {
		q++
	}
	return int64(q)
}

// mulDivHalfUp returns round_half_up(a × b / d) for a, b ≥ 0 and d > 0. The
// product is kept in 128 bits, so only a quotient beyond int64 overflows.
// Half-up: the quotient is increased when the remainder is at least half of
// d, i.e. exactly .5 rounds away from zero.
func (c *checked) mulDivHalfUp(a, b, d int64) int64 {
	if c.err != nil {
		return 0
	}
	if a < 0 || b < 0 || d <= 0 {
		c.err = errNegative
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	ud := uint64(d)
	if hi >= ud { // quotient would need more than 64 bits
		c.err = ErrOverflow
		return 0
	}
	q, r := bits.Div64(hi, lo, ud)
	if r >= ud-r { // 2r ≥ d, written so 2r cannot overflow
		q++
		if q == 0 { // wrapped past MaxUint64
			c.err = ErrOverflow
			return 0
		}
	}
	if q > math.MaxInt64 {
		c.err = ErrOverflow
		return 0
	}
	return int64(q)
}
