package validate

// Account number lengths (SPEC §2.1). Personal cards follow ISO/IEC 7812
// (UnionPay issues 16–19 digits); corporate settlement accounts are bank
// ledger numbers whose length varies by bank and which carry no Luhn digit.
const (
	bankCardMinLen    = 16
	bankCardMaxLen    = 19
	corpAccountMinLen = 8
	corpAccountMaxLen = 30
)

// NormalizeAccountNumber returns the canonical form of a typed bank card or
// account number: full-width digits narrowed, spaces and hyphens removed
// (cards are printed and copied in groups of four).
func NormalizeAccountNumber(s string) string {
	return stripSeparators(narrow(s))
}

// ValidateBankCard checks a canonical personal bank card number: 16–19
// digits passing Luhn. It returns [ErrBankCardFormat] or
// [ErrBankCardChecksum].
func ValidateBankCard(s string) error {
	if len(s) < bankCardMinLen || len(s) > bankCardMaxLen || !allDigits(s) {
		return ErrBankCardFormat
	}
	if !LuhnValid(s) {
		return ErrBankCardChecksum
	}
	return nil
}

// ValidateCorporateAccount checks a canonical corporate account number:
// 8–30 digits, no checksum. It returns [ErrCorpAccountFormat].
func ValidateCorporateAccount(s string) error {
	if len(s) < corpAccountMinLen || len(s) > corpAccountMaxLen || !allDigits(s) {
		return ErrCorpAccountFormat
	}
	return nil
}
