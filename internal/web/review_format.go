package web

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"posportal/internal/i18n"
	"posportal/internal/money"
	"posportal/onboarding"
)

// The reviewer pages show stored values the way a bank clerk reads them:
// amounts in yuan, codes as words in the reader's language.

// yuanText formats fen as "¥300,000.00".
func yuanText(fen int64) string { return "¥" + money.Yuan(fen) }

// ageText says how long ago a submission was, in days and hours.
func ageText(lang string, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	switch {
	case days > 0:
		return i18n.T(lang, "review.age.days_hours", days, hours)
	case hours > 0:
		return i18n.T(lang, "review.age.hours", hours)
	default:
		return i18n.T(lang, "review.age.minutes", int(d/time.Minute))
	}
}

// sizeText formats a byte count in KB or MB with one decimal, integer math.
func sizeText(n int64) string {
	const kb, mb = 1024, 1024 * 1024
	switch {
	case n >= mb:
		tenths := n * 10 / mb
		return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
	case n >= kb:
		tenths := n * 10 / kb
		return fmt.Sprintf("%d.%d KB", tenths/10, tenths%10)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// rawFields is an application's fields in the encoding the submission
// snapshots use (amounts as fen digits, the channel mix as JSON), so the
// current values and a before/after diff go through one formatter.
func rawFields(a onboarding.Application) map[string]string {
	mix, _ := json.Marshal(a.ChannelMix())
	return map[string]string{
		"merchant_type": string(a.MerchantType), "legal_name": a.LegalName, "shop_name": a.ShopName, "uscc": a.USCC,
		"mcc_group": a.MCCGroup, "province": a.Province, "city": a.City, "district": a.District, "address": a.Address,
		"legal_rep_name": a.LegalRepName, "legal_rep_id_number": a.LegalRepIDMasked,
		"contact_mobile": a.ContactMobile, "contact_email": a.ContactEmail, "settlement_bank": a.SettlementBank,
		"settlement_account_type": a.SettlementAccountType, "settlement_account_name": a.SettlementAccountName,
		"settlement_account_number":   a.SettlementAccountMasked,
		"expected_monthly_volume_fen": strconv.FormatInt(a.ExpectedMonthlyVolumeFen, 10),
		"average_ticket_fen":          strconv.FormatInt(a.AverageTicketFen, 10),
		"channel_mix":                 string(mix),
		"terminal_count":              strconv.FormatInt(a.TerminalCount, 10),
	}
}

// fieldText renders one raw field value for people; "" becomes a dash.
func fieldText(lang, field, raw string) string {
	if strings.TrimSpace(raw) == "" {
		return "—"
	}
	switch field {
	case "merchant_type":
		return i18n.T(lang, "merchant_type."+raw)
	case "mcc_group":
		return i18n.T(lang, "mcc."+raw)
	case "settlement_account_type":
		return i18n.T(lang, "account_type."+raw)
	case "expected_monthly_volume_fen", "average_ticket_fen":
		if fen, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return yuanText(fen)
		}
	case "channel_mix":
		return channelMixText(lang, raw)
	}
	return raw
}

// channelMixText lists the channels in their usual order: "微信支付 40%、…".
func channelMixText(lang, raw string) string {
	mix := map[string]int{}
	if err := json.Unmarshal([]byte(raw), &mix); err != nil || len(mix) == 0 {
		return "—"
	}
	var parts []string
	for _, ch := range onboarding.Channels {
		if pct, ok := mix[ch]; ok && pct > 0 {
			parts = append(parts, fmt.Sprintf("%s %d%%", i18n.T(lang, "channel."+ch), pct))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, i18n.T(lang, "review.list_separator"))
}
