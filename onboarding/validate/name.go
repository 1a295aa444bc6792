package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// middleDot is the separator in transliterated minority and foreign names
// (买买提·艾力). Input methods produce several look-alikes for it.
const middleDot = '·'

// canonicalName is the shared normal form of person and company names:
// full-width forms narrowed (so （） becomes ()), middle-dot look-alikes
// unified, whitespace collapsed and trimmed, and spaces next to Han
// characters, middle dots and parentheses dropped, because Chinese writing
// puts no spaces there ("张 三" is 张三, "腾讯科技 (深圳)" is 腾讯科技(深圳))
// while Latin words keep their single spaces.
func canonicalName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '•', '・', '･', '‧', '∙':
			return middleDot
		}
		return r
	}, narrow(s))
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 && !joinsWithoutSpace(words[i-1], w) {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// joinsWithoutSpace reports whether the space between two words is noise.
func joinsWithoutSpace(left, right string) bool {
	l, _ := utf8.DecodeLastRuneInString(left)
	r, _ := utf8.DecodeRuneInString(right)
	return noSpaceAround(l) || noSpaceAround(r)
}

func noSpaceAround(r rune) bool {
	return unicode.Is(unicode.Han, r) || r == middleDot || r == '(' || r == ')'
}
