package onboarding

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/secret"
	"posportal/onboarding/validate"
)

// Fields is the editable part of an application with the §11 names. A nil
// pointer means "not sent": POST and PATCH change only what is present, so
// a multi-step form can save one step at a time.
type Fields struct {
	MerchantType             *string        `json:"merchant_type,omitempty"`
	LegalName                *string        `json:"legal_name,omitempty"`
	ShopName                 *string        `json:"shop_name,omitempty"`
	USCC                     *string        `json:"uscc,omitempty"`
	MCCGroup                 *string        `json:"mcc_group,omitempty"`
	Province                 *string        `json:"province,omitempty"`
	City                     *string        `json:"city,omitempty"`
	District                 *string        `json:"district,omitempty"`
	Address                  *string        `json:"address,omitempty"`
	LegalRepName             *string        `json:"legal_rep_name,omitempty"`
	LegalRepIDNumber         *string        `json:"legal_rep_id_number,omitempty"`
	ContactMobile            *string        `json:"contact_mobile,omitempty"`
	ContactEmail             *string        `json:"contact_email,omitempty"`
	SettlementBank           *string        `json:"settlement_bank,omitempty"`
	SettlementAccountType    *string        `json:"settlement_account_type,omitempty"`
	SettlementAccountName    *string        `json:"settlement_account_name,omitempty"`
	SettlementAccountNumber  *string        `json:"settlement_account_number,omitempty"`
	ExpectedMonthlyVolumeFen *int64         `json:"expected_monthly_volume_fen,omitempty"`
	AverageTicketFen         *int64         `json:"average_ticket_fen,omitempty"`
	ChannelMix               map[string]int `json:"channel_mix,omitempty"`
	TerminalCount            *int64         `json:"terminal_count,omitempty"`
}

// Limits are the configurable thresholds of §2.1 and §2.3.
type Limits struct {
	MicroMaxMonthlyVolumeFen int64
	HighRiskVolumeFen        int64
	HighRiskMCCGroups        []string
	MaxTerminals             int64
	MaxDocumentBytes         int64
}

// DefaultLimits are the spec's defaults: micro ≤ ¥100,000 a month,
// high-risk from ¥500,000 a month or jewelry/entertainment.
func DefaultLimits() Limits {
	return Limits{
		MicroMaxMonthlyVolumeFen: 100_000_00,
		HighRiskVolumeFen:        500_000_00,
		HighRiskMCCGroups:        []string{"jewelry", "entertainment"},
		MaxTerminals:             50,
		MaxDocumentBytes:         10 << 20,
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// normalize trims text and puts identity numbers into their stored form, so
// what is validated is exactly what is stored and hashed.
func (f *Fields) normalize() {
	for _, p := range []*string{f.MerchantType, f.LegalName, f.ShopName, f.MCCGroup, f.Province, f.City, f.District,
		f.Address, f.ContactEmail, f.SettlementBank, f.SettlementAccountType, f.SettlementAccountName} {
		if p != nil {
			*p = strings.TrimSpace(*p)
		}
	}
	if f.USCC != nil {
		*f.USCC = validate.NormalizeUSCC(*f.USCC)
	}
	if f.LegalRepName != nil {
		*f.LegalRepName = validate.NormalizePersonName(*f.LegalRepName)
	}
	if f.LegalRepIDNumber != nil {
		*f.LegalRepIDNumber = validate.NormalizeResidentID(*f.LegalRepIDNumber)
	}
	if f.ContactMobile != nil {
		*f.ContactMobile = validate.NormalizeMobile(*f.ContactMobile)
	}
	if f.SettlementAccountNumber != nil {
		*f.SettlementAccountNumber = validate.NormalizeAccountNumber(*f.SettlementAccountNumber)
	}
}

// checkFormat validates the format of each field present and non-empty;
// completeness is Submit's job. Messages are i18n keys.
func (f *Fields) checkFormat(now time.Time, lim Limits) map[string]string {
	errs := map[string]string{}
	text := func(name string, p *string, max int) {
		if p != nil && utf8.RuneCountInString(*p) > max {
			errs[name] = "field.too_long"
		}
	}
	rule := func(name string, p *string, check func(string) error) {
		if p != nil && *p != "" {
			if err := check(*p); err != nil {
				errs[name] = validate.MessageKey(err)
			}
		}
	}
	if f.MerchantType != nil && *f.MerchantType != "" && !contains(MerchantTypes, MerchantType(*f.MerchantType)) {
		errs["merchant_type"] = "application.merchant_type.invalid"
	}
	if f.MCCGroup != nil && *f.MCCGroup != "" && !contains(MCCGroups, *f.MCCGroup) {
		errs["mcc_group"] = "application.mcc_group.invalid"
	}
	if f.SettlementAccountType != nil && *f.SettlementAccountType != "" && *f.SettlementAccountType != "corporate" && *f.SettlementAccountType != "personal" {
		errs["settlement_account_type"] = "application.account_type.invalid"
	}
	text("legal_name", f.LegalName, 100)
	text("shop_name", f.ShopName, 100)
	text("province", f.Province, 30)
	text("city", f.City, 30)
	text("district", f.District, 30)
	text("address", f.Address, 200)
	text("settlement_bank", f.SettlementBank, 60)
	text("settlement_account_name", f.SettlementAccountName, 100)
	text("contact_email", f.ContactEmail, 254)
	rule("uscc", f.USCC, validate.ValidateUSCC)
	rule("legal_rep_name", f.LegalRepName, validate.ValidatePersonName)
	rule("legal_rep_id_number", f.LegalRepIDNumber, func(s string) error { return validate.ValidateResidentID(s, now) })
	rule("contact_mobile", f.ContactMobile, validate.ValidateMobile)
	if f.ContactEmail != nil && *f.ContactEmail != "" && !strings.Contains(*f.ContactEmail, "@") {
		errs["contact_email"] = "field.email.invalid"
	}
	if f.SettlementAccountNumber != nil && *f.SettlementAccountNumber != "" {
		for _, c := range *f.SettlementAccountNumber {
			if c < '0' || c > '9' {
				errs["settlement_account_number"] = "corp_account.format"
				break
			}
		}
	}
	nonNegative := func(name string, p *int64) {
		if p != nil && *p < 0 {
			errs[name] = "application.amount.negative"
		}
	}
	nonNegative("expected_monthly_volume_fen", f.ExpectedMonthlyVolumeFen)
	nonNegative("average_ticket_fen", f.AverageTicketFen)
	if f.TerminalCount != nil && (*f.TerminalCount < 0 || *f.TerminalCount > lim.MaxTerminals) {
		errs["terminal_count"] = "application.terminal_count.range"
	}
	if f.ChannelMix != nil {
		for ch, pct := range f.ChannelMix {
			if !contains(Channels, ch) || pct < 0 || pct > 100 {
				errs["channel_mix"] = "application.channel_mix.invalid"
			}
		}
	}
	return errs
}

// apply copies the present fields onto a; box seals the ID and account
// numbers, which never reach a in clear.
func (f *Fields) apply(a *Application, box *secret.Box) {
	set := func(dst *string, p *string) {
		if p != nil {
			*dst = *p
		}
	}
	if f.MerchantType != nil {
		a.MerchantType = MerchantType(*f.MerchantType)
	}
	set(&a.LegalName, f.LegalName)
	set(&a.ShopName, f.ShopName)
	set(&a.USCC, f.USCC)
	set(&a.MCCGroup, f.MCCGroup)
	set(&a.Province, f.Province)
	set(&a.City, f.City)
	set(&a.District, f.District)
	set(&a.Address, f.Address)
	set(&a.LegalRepName, f.LegalRepName)
	set(&a.ContactMobile, f.ContactMobile)
	set(&a.ContactEmail, f.ContactEmail)
	set(&a.SettlementBank, f.SettlementBank)
	set(&a.SettlementAccountType, f.SettlementAccountType)
	set(&a.SettlementAccountName, f.SettlementAccountName)
	if f.LegalRepIDNumber != nil {
		a.LegalRepIDEnc, a.LegalRepIDHash, a.LegalRepIDMasked = sealed(box, *f.LegalRepIDNumber, MaskID)
	}
	if f.SettlementAccountNumber != nil {
		a.SettlementAccountEnc, a.SettlementAccountHash, a.SettlementAccountMasked = sealed(box, *f.SettlementAccountNumber, MaskAccount)
	}
	if f.ExpectedMonthlyVolumeFen != nil {
		a.ExpectedMonthlyVolumeFen = *f.ExpectedMonthlyVolumeFen
	}
	if f.AverageTicketFen != nil {
		a.AverageTicketFen = *f.AverageTicketFen
	}
	if f.TerminalCount != nil {
		a.TerminalCount = *f.TerminalCount
	}
	if f.ChannelMix != nil {
		b, _ := json.Marshal(f.ChannelMix)
		a.ChannelMixJSON = string(b)
	}
}

// sealed is how a sensitive number is stored: ciphertext, keyed hash and
// masked form; all empty when the number is.
func sealed(box *secret.Box, v string, mask func(string) string) (enc, hash, masked string) {
	if v == "" {
		return "", "", ""
	}
	return box.Seal(v), box.Hash(v), mask(v)
}

// completeness lists what Submit needs beyond valid formats (§2.1);
// account is the settlement account number, decrypted for the check.
func completeness(a *Application, account string, lim Limits) map[string]string {
	errs := map[string]string{}
	req := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			errs[name] = "field.required"
		}
	}
	req("merchant_type", string(a.MerchantType))
	req("legal_name", a.LegalName)
	req("shop_name", a.ShopName)
	req("mcc_group", a.MCCGroup)
	req("province", a.Province)
	req("city", a.City)
	req("district", a.District)
	req("address", a.Address)
	req("legal_rep_name", a.LegalRepName)
	req("legal_rep_id_number", a.LegalRepIDEnc)
	req("contact_mobile", a.ContactMobile)
	req("settlement_bank", a.SettlementBank)
	req("settlement_account_type", a.SettlementAccountType)
	req("settlement_account_name", a.SettlementAccountName)
	req("settlement_account_number", account)
	if a.ExpectedMonthlyVolumeFen <= 0 {
		errs["expected_monthly_volume_fen"] = "field.required"
	}
	if a.AverageTicketFen <= 0 {
		errs["average_ticket_fen"] = "field.required"
	}
	if a.TerminalCount < 1 {
		errs["terminal_count"] = "application.terminal_count.range"
	}
	if len(a.ChannelMix()) == 0 {
		errs["channel_mix"] = "application.channel_mix.sum"
	}
	if a.MerchantType == Micro && a.ExpectedMonthlyVolumeFen > lim.MicroMaxMonthlyVolumeFen {
		errs["expected_monthly_volume_fen"] = "application.micro_volume_limit"
	}
	for k, v := range crossFieldErrors(a, account, nil) {
		errs[k] = v
	}
	if a.USCC != "" {
		if err := validate.ValidateUSCC(a.USCC); err != nil {
			errs["uscc"] = validate.MessageKey(err)
		}
	}
	return errs
}

// isHighRisk applies §2.3's rule.
func isHighRisk(a *Application, lim Limits) bool {
	return a.ExpectedMonthlyVolumeFen >= lim.HighRiskVolumeFen || contains(lim.HighRiskMCCGroups, a.MCCGroup)
}

func fieldErrors(errs map[string]string) error {
	if len(errs) == 0 {
		return nil
	}
	return apperr.Fields(errs)
}
