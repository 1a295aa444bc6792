package validate

import "errors"

// Error is a rule violation. Key is a stable message key: the web layer
// translates it through [Messages], and integrations may match on it, so keys
// are never renamed.
type Error struct {
	Key string
}

// Error returns the key rather than prose: user-facing text comes from
// [Messages] in the user's language, and the key is what a log reader greps.
func (e *Error) Error() string { return "validate: " + e.Key }

// The rule violations. Compare with errors.Is.
var (
	ErrUSCCFormat          = &Error{Key: "uscc.format"}
	ErrUSCCChecksum        = &Error{Key: "uscc.checksum"}
	ErrResidentIDFormat    = &Error{Key: "resident_id.format"}
	ErrResidentIDChecksum  = &Error{Key: "resident_id.checksum"}
	ErrResidentIDBirthDate = &Error{Key: "resident_id.birth_date"}
	ErrResidentIDUnder18   = &Error{Key: "resident_id.under_18"}
	ErrMobileFormat        = &Error{Key: "mobile.format"}
	ErrBankCardFormat      = &Error{Key: "bankcard.format"}
	ErrBankCardChecksum    = &Error{Key: "bankcard.checksum"}
	ErrCorpAccountFormat   = &Error{Key: "corp_account.format"}
	ErrPersonNameFormat    = &Error{Key: "person_name.format"}
	ErrHolderNameMismatch  = &Error{Key: "holder_name.mismatch"}
)

// allErrors lists every violation so tests can prove each key has messages.
var allErrors = []*Error{
	ErrUSCCFormat, ErrUSCCChecksum,
	ErrResidentIDFormat, ErrResidentIDChecksum, ErrResidentIDBirthDate, ErrResidentIDUnder18,
	ErrMobileFormat,
	ErrBankCardFormat, ErrBankCardChecksum,
	ErrCorpAccountFormat,
	ErrPersonNameFormat,
	ErrHolderNameMismatch,
}

// MessageKey returns the message key of err if it is (or wraps) an [*Error],
// and "" otherwise, so the web layer can fall back to a generic message.
func MessageKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
