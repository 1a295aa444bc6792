package pdf

import (
	"strings"
	"unicode"
)

// wrap breaks cleaned text into lines no wider than w millimetres in the
// current font. Lines break at spaces, before and after CJK characters
// (Chinese has no spaces), at '\n', and inside a word only when it is wider
// than a whole line. gofpdf's SplitText is not used because it indexes its
// width table by rune, which breaks on Windows-1252 bytes in the fallback.
func (d *Doc) wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, d.wrapLine([]rune(para), w)...)
	}
	return lines
}

func (d *Doc) wrapLine(rs []rune, w float64) []string {
	var lines []string
	start, brk, lineW := 0, -1, 0.0
	for i := 0; i < len(rs); {
		cw := d.runeWidth(rs[i])
		if lineW+cw > w && i > start {
			end := i // break before a space or CJK rune, or mid-word
			if rs[i] != ' ' && !isCJK(rs[i]) && brk > start {
				end = brk // else after the last space or CJK rune
			}
			lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
			for end < len(rs) && rs[end] == ' ' {
				end++
			}
			start, brk, lineW = end, -1, 0
			if start > i {
				i = start
			}
			for j := start; j < i; j++ {
				lineW += d.runeWidth(rs[j])
			}
			continue
		}
		lineW += cw
		i++
		if rs[i-1] == ' ' || isCJK(rs[i-1]) {
			brk = i
		}
	}
	return append(lines, strings.TrimRight(string(rs[start:]), " "))
}

// runeWidth is the width of r in millimetres in the current font.
func (d *Doc) runeWidth(r rune) float64 {
	return d.pdf.GetStringWidth(d.font.encode(string(r)))
}

// isCJK reports whether a line may break before or after r.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
