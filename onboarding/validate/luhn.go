package validate

// LuhnValid reports whether digits is a non-empty string of ASCII digits
// whose Luhn (ISO/IEC 7812-1) checksum is 0.
func LuhnValid(digits string) bool {
	if !allDigits(digits) {
		return false
	}
	return luhnSum(digits, false)%10 == 0
}

// LuhnCheckDigit returns the digit that makes payload+digit pass
// [LuhnValid], or false if payload is not a non-empty string of ASCII
// digits. Demo data and tests use it to build valid card numbers.
func LuhnCheckDigit(payload string) (byte, bool) {
	if !allDigits(payload) {
		return 0, false
	}
	return byte('0' + (10-luhnSum(payload, true)%10)%10), true
}

// luhnSum sums digits from the right, doubling every second one. When the
// check digit is still missing, the rightmost payload digit is the first to
// be doubled.
func luhnSum(digits string, doubleFirst bool) int {
	sum := 0
	double := doubleFirst
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum
}
