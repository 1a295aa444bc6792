package pdf

import (
	"strings"
	"unicode/utf8"
)

// cp1252High maps the runes of Windows-1252 bytes 0x80-0x9F. Bytes 0xA0-0xFF
// are the same as Unicode U+00A0-U+00FF. gofpdf's core fonts use this code page.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// cp1252 returns the Windows-1252 byte for a printable rune.
func cp1252(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r < 0x7F, r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// clean makes s safe to hand to gofpdf: invalid UTF-8 and runes the font
// cannot show become '?' (or their fullwidth form if the font has that, as
// GB2312 fonts have '￥' but not '¥'), and control characters other than '\n' become
// spaces. The result is still UTF-8; encode turns it into what gofpdf wants.
// gofpdf would otherwise panic or emit garbage for runes beyond the BMP
// (its UTF-16 conversion handles only 3-byte UTF-8) and for text outside
// cp1252 in core fonts.
func (f *Font) clean(s string) string {
	ok := true
	for _, r := range s {
		if !f.keep(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case f.keep(r):
			b.WriteRune(r)
		case f != nil && f.Has(fullwidth(r)):
			b.WriteRune(fullwidth(r))
		case r < 0x20 || r == 0x7F:
			b.WriteByte(' ')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// keep reports whether r can pass through clean unchanged.
func (f *Font) keep(r rune) bool {
	if r == '\n' {
		return true
	}
	if r < 0x20 || r == 0x7F || r == utf8.RuneError {
		return false
	}
	return f.Has(r)
}

// encode converts cleaned text to the byte form gofpdf expects: UTF-8 for a
// UTF-8 font, Windows-1252 bytes for the core-font fallback.
func (f *Font) encode(clean string) string {
	if f != nil {
		return clean
	}
	b := make([]byte, 0, len(clean))
	for _, r := range clean {
		if r == '\n' {
			b = append(b, '\n')
			continue
		}
		c, _ := cp1252(r) // clean guarantees ok
		b = append(b, c)
	}
	return string(b)
}

// fullwidthSigns are the Latin-1 signs with fullwidth forms (U+FFE0-FFE5).
var fullwidthSigns = map[rune]rune{'¢': '￠', '£': '￡', '¬': '￢', '¯': '￣', '¦': '￤', '¥': '￥'}

// fullwidth returns the fullwidth form of r, or r if it has none.
func fullwidth(r rune) rune {
	if r > 0x20 && r < 0x7F {
		return r + 0xFEE0
	}
	if w, ok := fullwidthSigns[r]; ok {
		return w
	}
	return r
}
