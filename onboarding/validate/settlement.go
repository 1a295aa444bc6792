package validate

import "github.com/go-playground/validator/v10"

// tagHolderName is the tag reported when the holder-name rule fails.
const tagHolderName = "holder_name"

// Settlement carries the fields the holder-name rule of SPEC §2.1 compares.
// [Register] installs a struct-level validation for it, because the rule
// spans fields and a field tag cannot see its neighbours. The application
// form copies its fields into a Settlement and calls v.Struct on it (or calls
// [HolderNameMatches] directly and attaches [ErrHolderNameMismatch] to
// settlement_account_name). JSON names are those of SPEC §11.
type Settlement struct {
	MerchantType string `json:"merchant_type"`
	LegalName    string `json:"legal_name"`
	LegalRepName string `json:"legal_rep_name"`
	HolderName   string `json:"settlement_account_name"`
}

// validateSettlement reports a mismatch on the holder name under its SPEC
// §11 field name, since that is the field the user has to correct.
func validateSettlement(sl validator.StructLevel) {
	s := sl.Current().Interface().(Settlement)
	if !HolderNameMatches(s.MerchantType, s.HolderName, s.LegalName, s.LegalRepName) {
		sl.ReportError(s.HolderName, "settlement_account_name", "HolderName", tagHolderName, "")
	}
}
