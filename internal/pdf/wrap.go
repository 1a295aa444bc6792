package pdf

import (
	"strings"
	"unicode"
)

// wrap breaks cleaned text into lines no wider than w millimetres in the
// current font, at '\n' and wherever breakable allows, and inside a word
// only when it is wider than a whole line.
func (d *Doc) wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, d.wrapLine([]rune(para), w)...)
	}
	return lines
}

func (d *Doc) wrapLine(rs []rune, w float64) []string {
	var lines []string
	start, lineW := 0, 0.0
	for i := 0; i < len(rs); {
		cw := d.runeWidth(rs[i])
		if lineW+cw <= w || i == start {
			lineW += cw
			i++
			continue
		}
		end := i // mid-word, unless there is a better place
		for b := i; b > start; b-- {
			if breakable(rs, b) {
				end = b
				break
			}
		}
		lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
		for end < len(rs) && rs[end] == ' ' {
			end++
		}
		start, lineW = end, 0
		for j := start; j < i; j++ {
			lineW += d.runeWidth(rs[j])
		}
		i = max(i, start)
	}
	return append(lines, strings.TrimRight(string(rs[start:]), " "))
}

// breakable reports whether a line may break between rs[i-1] and rs[i]: at
// spaces, and on either side of an ideograph (Chinese has no spaces), but
// not before closing punctuation such as '，' '。' '）' nor after opening
// punctuation such as '（' '“', which must stay with their neighbour.
func breakable(rs []rune, i int) bool {
	prev, next := rs[i-1], rs[i]
	switch {
	case prev == ' ' || next == ' ':
		return true
	case isClosing(next) || isOpening(prev):
		return false
	}
	return isCJK(prev) || isCJK(next)
}

// runeWidth is the width of r in millimetres in the current font.
func (d *Doc) runeWidth(r rune) float64 {
	return d.pdf.GetStringWidth(string(r))
}

// isCJK reports whether a line may break before or after r.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// isClosing is punctuation that must not start a line.
func isClosing(r rune) bool {
	return strings.ContainsRune("，。、；：？！）】》」』〉〕］｝”’…—%％,.;:?!)]}·・ー々〃", r)
}

// isOpening is punctuation that must not end a line.
func isOpening(r rune) bool {
	return strings.ContainsRune("（【《「『〈〔［｛“‘([{¥￥$", r)
}
