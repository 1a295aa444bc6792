// Package money converts between integer fen, the portal's only money
// representation, and the yuan strings people type and read, and shows
// integer ppm rates as percentages. No floats.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrFormat is returned for text that is not a non-negative yuan amount
// with at most two decimals.
var ErrFormat = errors.New("money: not a yuan amount")

// ParseYuan reads "1234", "1,234.5" or "¥1234.56" as fen.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "，", "")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasDot && frac == "") {
		return 0, ErrFormat
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, ErrFormat
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > (1<<62)/100 {
		return 0, ErrFormat
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f, nil
}

// Yuan formats fen as "1,234.56" (no currency sign).
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	cents := fen % 100
	return sign + b.String() + "." + string(rune('0'+cents/10)) + string(rune('0'+cents%10))
}

// Plain formats fen as "1234.56", for form inputs.
func Plain(fen int64) string {
	return strings.ReplaceAll(Yuan(fen), ",", "")
}

// Percent shows a rate in parts per million as a percentage with two to
// four decimals and no sign: 3800 → "0.38", 6000 → "0.60", 12345 → "1.2345".
func Percent(ppm int64) string {
	s := fmt.Sprintf("%d.%04d", ppm/10_000, ppm%10_000)
	for strings.HasSuffix(s, "0") && len(s)-strings.Index(s, ".") > 3 {
		s = s[:len(s)-1]
	}
	return s
}
