package onboarding

import "posportal/onboarding/validate"

// Rules that read several fields. Each is one function, used both when a
// step (or an API PATCH) saves the field the rule reports on, so the
// merchant sees the problem beside that field, and at Submit, which lists
// whatever is still wrong. A rule says nothing while the fields it compares
// are empty: that is completeness's "required", not a contradiction.

// crossRule is one rule and the fields whose saving makes it run.
type crossRule struct {
	// on are the fields that trigger the rule; the first is where its
	// message is shown.
	on    []string
	check func(a *Application, account string) map[string]string
}

var crossRules = []crossRule{
	{[]string{"settlement_account_name"}, holderNameRule},
	{[]string{"channel_mix"}, channelMixRule},
	{[]string{"settlement_account_number", "settlement_account_type"}, accountNumberRule},
	{[]string{"uscc"}, usccRequiredRule},
}

// holderNameRule: the settlement account holder is the legal name
// (enterprise) or the operator (individual business, micro) (§2.1).
func holderNameRule(a *Application, _ string) map[string]string {
	against := a.LegalName
	if a.MerchantType != Enterprise {
		against = a.LegalRepName
	}
	if a.SettlementAccountName == "" || a.MerchantType == "" || against == "" {
		return nil
	}
	if validate.HolderNameMatches(string(a.MerchantType), a.SettlementAccountName, a.LegalName, a.LegalRepName) {
		return nil
	}
	key := "holder_name.mismatch_legal"
	if a.MerchantType != Enterprise {
		key = "holder_name.mismatch_operator"
	}
	return map[string]string{"settlement_account_name": key}
}

// channelMixRule: the shares of an entered channel mix add up to 100 %.
func channelMixRule(a *Application, _ string) map[string]string {
	mix := a.ChannelMix()
	if len(mix) == 0 {
		return nil
	}
	sum := 0
	for _, pct := range mix {
		sum += pct
	}
	if sum != 100 {
		return map[string]string{"channel_mix": "application.channel_mix.sum"}
	}
	return nil
}

// accountNumberRule: a personal bank card passes its Luhn check digit, a
// corporate account is 8–30 digits; which applies is the account type.
func accountNumberRule(a *Application, account string) map[string]string {
	if account == "" || a.SettlementAccountType == "" {
		return nil
	}
	var err error
	if a.SettlementAccountType == "personal" {
		err = validate.ValidateBankCard(account)
	} else {
		err = validate.ValidateCorporateAccount(account)
	}
	if err != nil {
		return map[string]string{"settlement_account_number": validate.MessageKey(err)}
	}
	return nil
}

// usccRequiredRule: every merchant type but micro has a business licence
// and so a USCC (§2.1).
func usccRequiredRule(a *Application, _ string) map[string]string {
	if a.MerchantType != "" && a.MerchantType != Micro && a.USCC == "" {
		return map[string]string{"uscc": "application.uscc.required_for_type"}
	}
	return nil
}

// USCCRequired reports whether the merchant type needs a USCC; an
// undecided type is treated as needing one, as most do.
func USCCRequired(t MerchantType) bool { return t != Micro }

// crossFieldErrors runs every rule (all, or those triggered by the fields
// in sent) and merges their messages.
func crossFieldErrors(a *Application, account string, sent map[string]bool) map[string]string {
	errs := map[string]string{}
	for _, r := range crossRules {
		if sent != nil && !anySent(r.on, sent) {
			continue
		}
		for k, v := range r.check(a, account) {
			errs[k] = v
		}
	}
	return errs
}

func anySent(names []string, sent map[string]bool) bool {
	for _, n := range names {
		if sent[n] {
			return true
		}
	}
	return false
}

// present names the fields an update carries.
func (f *Fields) present() map[string]bool {
	p := map[string]bool{}
	mark := func(name string, set bool) {
		if set {
			p[name] = true
		}
	}
	mark("uscc", f.USCC != nil)
	mark("settlement_account_type", f.SettlementAccountType != nil)
	mark("settlement_account_name", f.SettlementAccountName != nil)
	mark("settlement_account_number", f.SettlementAccountNumber != nil)
	mark("channel_mix", f.ChannelMix != nil)
	return p
}
