package web

import (
	"fmt"
	"strings"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/i18n"
	"posportal/internal/money"
)

// catalogView formats catalog values for the templates in the page's
// language; page data embeds it so templates call {{$.Data.Yuan ...}}.
type catalogView struct{ Lang string }

func (v catalogView) t(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// Yuan formats fen as "¥1,299.00".
func (v catalogView) Yuan(fen int64) string { return "¥" + money.Yuan(fen) }

// Category names a model category.
func (v catalogView) Category(c catalog.Category) string { return v.t("catalog.category." + string(c)) }

// Channel names a fee channel.
func (v catalogView) Channel(ch fees.Channel) string { return v.t("fees.channel." + string(ch)) }

// ChannelList names channels, joined as the language joins a list.
func (v catalogView) ChannelList(chs []fees.Channel) string {
	names := make([]string, len(chs))
	for i, ch := range chs {
		names[i] = v.Channel(ch)
	}
	return strings.Join(names, v.listSep())
}

// Method names a provider's payment method.
func (v catalogView) Method(m catalog.Method) string { return v.t("catalog.method." + string(m)) }

// Kind names a provider kind.
func (v catalogView) Kind(k catalog.ProviderKind) string { return v.t("catalog.kind." + string(k)) }

// Hours names a brand's support hours.
func (v catalogView) Hours(h catalog.SupportHours) string {
	return v.t("catalog.support_hours." + string(h))
}

// AttrLabel names a model attribute.
func (v catalogView) AttrLabel(name string) string { return v.t("catalog.attr." + name) }

// Attr formats one model attribute's value for a person.
func (v catalogView) Attr(a catalog.Attribute) string {
	switch val := a.Value.(type) {
	case bool:
		if val {
			return v.t("catalog.yes")
		}
		return v.t("catalog.no")
	case catalog.Category:
		return v.Category(val)
	case catalog.ScreenSize:
		if val == 0 {
			return v.t("catalog.no_screen")
		}
		return v.t("catalog.inches", val.String())
	case []string:
		if len(val) == 0 {
			return v.t("catalog.none")
		}
		return strings.Join(val, v.listSep())
	case int64: // money columns
		return v.Yuan(val)
	case int:
		switch {
		case a.Name == "battery_mah" && val == 0:
			return v.t("catalog.no_battery")
		case a.Name == "battery_mah":
			return v.t("catalog.mah", val)
		case a.Name == "warranty_months" && val == 0:
			return v.t("catalog.none")
		case a.Name == "warranty_months":
			return v.t("catalog.months", val)
		}
		return fmt.Sprint(val)
	case string:
		if val == "" {
			return v.t("catalog.none")
		}
		return val
	}
	return fmt.Sprint(a.Value)
}

// IsBool reports whether an attribute is a yes/no capability, which the
// templates show as a mark rather than a word.
func (v catalogView) IsBool(a catalog.Attribute) bool { _, ok := a.Value.(bool); return ok }

// True reports whether a yes/no attribute is yes.
func (v catalogView) True(a catalog.Attribute) bool { b, _ := a.Value.(bool); return b }

func (v catalogView) listSep() string {
	if v.Lang == i18n.EN {
		return ", "
	}
	return "、"
}

// ppmPercent formats ppm as a percentage with up to four decimals, trailing
// zeros dropped: 3800 → "0.38".
func ppmPercent(ppm int64) string {
	s := fmt.Sprintf("%d.%04d", ppm/10_000, ppm%10_000)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// BP formats an effective rate as "45.23 bp (0.4523%)".
func (v catalogView) BP(b fees.BasisPoints) string {
	pct := fmt.Sprintf("%d.%04d", int64(b)/10_000, int64(b)%10_000)
	return v.t("fees.quote.rate.value", b.String(), pct)
}
