package validate

// Merchant types of SPEC §2.1, as they appear in the application's
// merchant_type field.
const (
	merchantEnterprise         = "enterprise"
	merchantIndividualBusiness = "individual_business"
	merchantMicro              = "micro"
)

// HolderNameMatches reports whether the settlement account holder is the
// person or company SPEC §2.1 requires: legalName for an enterprise, the
// legal representative / operator's name (operatorName) for an individual
// business or a micro merchant. Names are compared in their canonical form
// (see [NormalizePersonName]), so full-width spaces and parentheses
// （） versus () do not cause a mismatch. An unknown merchant type or an
// empty holder never matches.
func HolderNameMatches(merchantType, holder, legalName, operatorName string) bool {
	var want string
	switch merchantType {
	case merchantEnterprise:
		want = legalName
	case merchantIndividualBusiness, merchantMicro:
		want = operatorName
	default:
		return false
	}
	h := canonicalName(holder)
	return h != "" && h == canonicalName(want)
}
