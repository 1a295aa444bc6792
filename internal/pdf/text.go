package pdf

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// clean makes s safe to hand to gofpdf: runes the font cannot draw become
// '?' (or their fullwidth form if the font has that, as GB2312 fonts have
// '￥' but not '¥') and are remembered for Missing; control characters other
// than '\n' become spaces. gofpdf would otherwise panic or emit garbage for
// runes beyond the BMP (its UTF-16 conversion handles only 3-byte UTF-8).
func (d *Doc) clean(s string) string {
	ok := true
	for _, r := range s {
		if !d.font.keep(r) {
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
		case d.font.keep(r):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F:
			b.WriteByte(' ')
		case fullwidth(r) != r && d.font.Has(fullwidth(r)):
			b.WriteRune(fullwidth(r))
		default:
			d.miss(r)
			b.WriteByte('?')
		}
	}
	return b.String()
}

// miss remembers a rune the document could not draw.
func (d *Doc) miss(r rune) {
	if d.missing == nil {
		d.missing = map[rune]bool{}
	}
	d.missing[r] = true
}

// Missing returns, in code point order, the characters of the document's
// text that the font cannot draw and that print as '?' (invalid UTF-8 is
// reported as U+FFFD). A legal document with any must not be issued; other
// documents are logged when written (see Bytes).
func (d *Doc) Missing() []rune {
	out := make([]rune, 0, len(d.missing))
	for r := range d.missing {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
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
