package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person name length in runes. Two is the shortest Chinese name; 30 leaves
// room for long transliterated minority names without inviting free text.
const (
	personNameMinLen = 2
	personNameMaxLen = 30
)

// NormalizePersonName returns the canonical form of a typed person name:
// full-width forms narrowed, middle-dot look-alikes unified to "·",
// whitespace collapsed and trimmed, and spaces between Han characters
// dropped.
func NormalizePersonName(s string) string {
	return canonicalName(s)
}

// ValidatePersonName is a sanity check for a legal representative's or
// operator's name as written on the ID card, not proof of identity. It
// accepts a canonical name of 2–30 runes that is either Han characters with
// inner single "·" separators, or Latin letters with single spaces between
// words. It returns [ErrPersonNameFormat].
func ValidatePersonName(s string) error {
	n := utf8.RuneCountInString(s)
	if n < personNameMinLen || n > personNameMaxLen || canonicalName(s) != s {
		return ErrPersonNameFormat
	}
	if isHanName(s) || isLatinName(s) {
		return nil
	}
	return ErrPersonNameFormat
}

// isHanName accepts Han characters separated by single middle dots.
func isHanName(s string) bool {
	for _, part := range strings.Split(s, string(middleDot)) {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !unicode.Is(unicode.Han, r) {
				return false
			}
		}
	}
	return true
}

// isLatinName accepts Latin letters and spaces; canonicalName has already
// ruled out leading, trailing and double spaces.
func isLatinName(s string) bool {
	for _, r := range s {
		if r != ' ' && !(unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)) {
			return false
		}
	}
	return true
}
