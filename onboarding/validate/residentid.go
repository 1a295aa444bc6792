package validate

import (
	"strings"
	"time"
)

// residentIDWeights are 2^(17-i) mod 11 for the first 17 digits
// (ISO 7064 MOD 11-2, GB 11643-1999).
var residentIDWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentIDCheckChars maps the weighted sum mod 11 to the check character.
const residentIDCheckChars = "10X98765432"

// adultAge is the age of full civil capacity; SPEC §2.1 requires the legal
// representative or operator to have reached it.
const adultAge = 18

// earliestBirthDate rejects dates no living applicant can have; it catches
// typos that still pass the checksum only by coincidence of a wrong century.
var earliestBirthDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// Gender is the sex encoded in a resident ID number (odd 17th digit: male).
type Gender uint8

// Genders encoded in resident ID numbers.
const (
	Female Gender = iota + 1
	Male
)

// String returns "female" or "male".
func (g Gender) String() string {
	switch g {
	case Female:
		return "female"
	case Male:
		return "male"
	}
	return "unknown"
}

// ResidentID is a parsed 18-digit resident identity card number.
type ResidentID struct {
	// Number is the canonical 18-character form (uppercase X).
	Number string
	// AreaCode is the GB/T 2260 code of the issuing area at the time of
	// issue; areas are renamed, so it is informative, not validated.
	AreaCode string
	// BirthDate is a calendar date held as midnight UTC; its zone carries
	// no meaning.
	BirthDate time.Time
	Gender    Gender
}

// AgeAt returns the age in whole years on now's calendar date (in now's own
// location). The birthday counts: a person is 18 on their 18th birthday, and
// someone born on 29 February turns a year older on 1 March in common years.
func (id ResidentID) AgeAt(now time.Time) int {
	today := calendarDate(now)
	age := today.Year() - id.BirthDate.Year()
	if id.BirthDate.AddDate(age, 0, 0).After(today) {
		age--
	}
	return age
}

// NormalizeResidentID returns the canonical form of a typed resident ID
// number: full-width characters narrowed, spaces and hyphens removed, a
// lowercase x uppercased.
func NormalizeResidentID(s string) string {
	return strings.ToUpper(stripSeparators(narrow(s)))
}

// ParseResidentID normalizes s and checks it in the order that gives the
// most useful message: format, checksum, birth date (a real date, not before
// 1900, not after now), then age ≥ 18 at now. It returns one of
// [ErrResidentIDFormat], [ErrResidentIDChecksum], [ErrResidentIDBirthDate] or
// [ErrResidentIDUnder18] and a zero ResidentID on failure.
//
// now decides both "the future" and the age; pass a time in Asia/Shanghai
// so the date boundary is China's.
func ParseResidentID(s string, now time.Time) (ResidentID, error) {
	n := NormalizeResidentID(s)
	if len(n) != 18 || !allDigits(n[:17]) || !(n[17] == 'X' || (n[17] >= '0' && n[17] <= '9')) {
		return ResidentID{}, ErrResidentIDFormat
	}
	check, _ := ResidentIDCheckChar(n[:17])
	if n[17] != check {
		return ResidentID{}, ErrResidentIDChecksum
	}
	birth, ok := parseBirthDate(n[6:14])
	if !ok || birth.Before(earliestBirthDate) || birth.After(calendarDate(now)) {
		return ResidentID{}, ErrResidentIDBirthDate
	}
	id := ResidentID{Number: n, AreaCode: n[:6], BirthDate: birth, Gender: Female}
	if (n[16]-'0')%2 == 1 {
		id.Gender = Male
	}
	if id.AgeAt(now) < adultAge {
		return ResidentID{}, ErrResidentIDUnder18
	}
	return id, nil
}

// ValidateResidentID checks a canonical resident ID number like
// [ParseResidentID], and additionally rejects a non-canonical one (for
// example a lowercase x) with [ErrResidentIDFormat], so that what passes is
// what gets stored and hashed.
func ValidateResidentID(s string, now time.Time) error {
	if NormalizeResidentID(s) != s {
		return ErrResidentIDFormat
	}
	_, err := ParseResidentID(s, now)
	return err
}

// ResidentIDCheckChar returns the check character for the first 17 digits
// of a resident ID number, or false if body is not 17 ASCII digits. Demo
// data and tests use it to build valid numbers.
func ResidentIDCheckChar(body string) (byte, bool) {
	if len(body) != 17 || !allDigits(body) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * residentIDWeights[i]
	}
	return residentIDCheckChars[sum%11], true
}

// parseBirthDate parses YYYYMMDD. time.Parse rejects impossible days such
// as 20230230 instead of rolling them over into March.
func parseBirthDate(s string) (time.Time, bool) {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// calendarDate is now's date in now's location, as midnight UTC, so it
// compares directly with birth dates.
func calendarDate(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
