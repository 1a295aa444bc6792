package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/internal/money"
	"posportal/onboarding"
)

// The application form's steps, in order; each saves a draft.
var applicationSteps = []string{"business", "people", "settlement", "volume", "documents", "review"}

// formField is one input of a data-driven form step.
type formField struct {
	Name    string
	Type    string // text, select, number, yuan, percent
	Options []string
	// OptionKey is the i18n prefix of option labels ("mcc." → "mcc.retail").
	OptionKey   string
	Value       string
	Placeholder string
	Hint        string // i18n key
	Required    bool
	// Requested marks a field the reviewer asked to be fixed.
	Requested bool
}

// stepOf names the form step that holds a field or document
// ("documents.<kind>"), so a refused submit can link each problem there.
func stepOf(field string) string {
	if strings.HasPrefix(field, "documents.") {
		return "documents"
	}
	if strings.HasPrefix(field, "channel_mix") {
		return "volume"
	}
	if field == "reply" {
		return "review"
	}
	for _, st := range applicationSteps {
		for _, f := range stepFields(st, onboarding.Application{}, "") {
			if f.Name == field {
				return st
			}
		}
	}
	return "review"
}

// anchorOf is the id of a field's input (or a document's row) on its step.
func anchorOf(field string) string {
	if kind, ok := strings.CutPrefix(field, "documents."); ok {
		return "doc-" + kind
	}
	if field == "channel_mix" {
		return "channel-mix"
	}
	return field
}

// stepFields lists the inputs of a field step with the application's
// values; account is the settlement account number in full, which only
// this, the merchant's own form, shows.
func stepFields(step string, a onboarding.Application, account string) []formField {
	mt := []string{}
	for _, t := range onboarding.MerchantTypes {
		mt = append(mt, string(t))
	}
	switch step {
	case "business":
		return []formField{
			{Name: "merchant_type", Type: "select", Options: mt, OptionKey: "merchant_type.", Value: string(a.MerchantType), Required: true},
			{Name: "legal_name", Type: "text", Value: a.LegalName, Hint: "hint.legal_name", Required: true},
			{Name: "shop_name", Type: "text", Value: a.ShopName, Required: true},
			{Name: "uscc", Type: "text", Value: a.USCC, Hint: "hint.uscc", Required: onboarding.USCCRequired(a.MerchantType)},
			{Name: "mcc_group", Type: "select", Options: onboarding.MCCGroups, OptionKey: "mcc.", Value: a.MCCGroup, Required: true},
			{Name: "province", Type: "text", Value: a.Province, Placeholder: "上海市", Required: true},
			{Name: "city", Type: "text", Value: a.City, Placeholder: "上海市", Required: true},
			{Name: "district", Type: "text", Value: a.District, Placeholder: "浦东新区", Hint: "hint.district", Required: true},
			{Name: "address", Type: "text", Value: a.Address, Required: true},
		}
	case "people":
		return []formField{
			{Name: "legal_rep_name", Type: "text", Value: a.LegalRepName, Hint: "hint.legal_rep_name", Required: true},
			// The stored number is never sent back to the browser: the input
			// stays empty and shows the masked form; empty means "keep".
			{Name: "legal_rep_id_number", Type: "text", Placeholder: a.LegalRepIDMasked, Hint: idHint(a), Required: a.LegalRepIDMasked == ""},
			{Name: "contact_mobile", Type: "text", Value: a.ContactMobile, Required: true},
			{Name: "contact_email", Type: "text", Value: a.ContactEmail},
		}
	case "settlement":
		return []formField{
			{Name: "settlement_bank", Type: "text", Value: a.SettlementBank, Placeholder: "中国工商银行上海浦东分行", Required: true},
			{Name: "settlement_account_type", Type: "select", Options: []string{"corporate", "personal"}, OptionKey: "account_type.", Value: a.SettlementAccountType, Required: true},
			{Name: "settlement_account_name", Type: "text", Value: a.SettlementAccountName, Hint: "hint.settlement_account_name", Required: true},
			{Name: "settlement_account_number", Type: "text", Value: account, Required: true},
		}
	case "volume":
		fs := []formField{
			{Name: "expected_monthly_volume_fen", Type: "yuan", Value: yuanValue(a.ExpectedMonthlyVolumeFen), Hint: "hint.volume", Required: true},
			{Name: "average_ticket_fen", Type: "yuan", Value: yuanValue(a.AverageTicketFen), Required: true},
			{Name: "terminal_count", Type: "number", Value: intValue(a.TerminalCount), Required: true},
		}
		mix := a.ChannelMix()
		for _, ch := range onboarding.Channels {
			v := ""
			if p, ok := mix[ch]; ok {
				v = strconv.Itoa(p)
			}
			fs = append(fs, formField{Name: "channel_mix." + ch, Type: "percent", Value: v})
		}
		return fs
	}
	return nil
}

func idHint(a onboarding.Application) string {
	if a.LegalRepIDMasked != "" {
		return "hint.id_saved"
	}
	return "hint.id_number"
}

func yuanValue(fen int64) string {
	if fen == 0 {
		return ""
	}
	return money.Plain(fen)
}

func intValue(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// readStep turns a posted step into Fields; conversion errors (a yuan
// amount that is not one) come back as field message keys.
func readStep(c *gin.Context, step string) (onboarding.Fields, map[string]string) {
	var f onboarding.Fields
	errs := map[string]string{}
	str := func(name string) *string { v := c.PostForm(name); return &v }
	switch step {
	case "business":
		f.MerchantType, f.LegalName, f.ShopName, f.USCC = str("merchant_type"), str("legal_name"), str("shop_name"), str("uscc")
		f.MCCGroup, f.Province, f.City, f.District, f.Address = str("mcc_group"), str("province"), str("city"), str("district"), str("address")
	case "people":
		f.LegalRepName, f.ContactMobile, f.ContactEmail = str("legal_rep_name"), str("contact_mobile"), str("contact_email")
		if id := strings.TrimSpace(c.PostForm("legal_rep_id_number")); id != "" {
			f.LegalRepIDNumber = &id
		}
	case "settlement":
		f.SettlementBank, f.SettlementAccountType = str("settlement_bank"), str("settlement_account_type")
		f.SettlementAccountName, f.SettlementAccountNumber = str("settlement_account_name"), str("settlement_account_number")
	case "volume":
		yuan := func(name string) *int64 {
			v := strings.TrimSpace(c.PostForm(name))
			if v == "" {
				var zero int64
				return &zero
			}
			fen, err := money.ParseYuan(v)
			if err != nil {
				errs[name] = "field.yuan.invalid"
				return nil
			}
			return &fen
		}
		f.ExpectedMonthlyVolumeFen, f.AverageTicketFen = yuan("expected_monthly_volume_fen"), yuan("average_ticket_fen")
		if v := strings.TrimSpace(c.PostForm("terminal_count")); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs["terminal_count"] = "application.terminal_count.range"
			} else {
				f.TerminalCount = &n
			}
		}
		f.ChannelMix = map[string]int{}
		for _, ch := range onboarding.Channels {
			v := strings.TrimSpace(c.PostForm("channel_mix." + ch))
			if v == "" {
				continue
			}
			p, err := strconv.Atoi(v)
			if err != nil {
				errs["channel_mix."+ch] = "application.channel_mix.invalid"
				continue
			}
			if p > 0 {
				f.ChannelMix[ch] = p
			}
		}
	}
	return f, errs
}

// postedValues echoes a rejected step's input back into the form.
func postedValues(c *gin.Context) map[string]string {
	_ = c.Request.ParseForm()
	v := map[string]string{}
	for k, vals := range c.Request.PostForm {
		if k != "legal_rep_id_number" && len(vals) > 0 {
			v[k] = vals[0]
		}
	}
	return v
}
