package knowledge

import "strings"

// Text is a string the merchant reads, in every language the portal serves.
// Validation guarantees both fields are non-empty in a loaded Tree.
type Text struct {
	ZH string `json:"zh-CN"`
	EN string `json:"en"`
}

// For returns the text for a BCP 47 language tag such as "zh-CN" or "en-US".
// Any Chinese tag ("zh", "zh-CN", "zh-Hans", "zh_CN", even "zh-TW") gets the
// Simplified Chinese text, because that is the only Chinese the knowledge is
// written in; everything else, including "", falls back to English.
func (t Text) For(lang string) string {
	if isChinese(lang) && t.ZH != "" {
		return t.ZH
	}
	if t.EN != "" {
		return t.EN
	}
	return t.ZH
}

func isChinese(lang string) bool {
	lang = strings.ToLower(strings.TrimSpace(lang))
	return lang == "zh" || strings.HasPrefix(lang, "zh-") || strings.HasPrefix(lang, "zh_")
}

// complete reports whether both languages carry visible text.
func (t Text) complete() bool {
	return strings.TrimSpace(t.ZH) != "" && strings.TrimSpace(t.EN) != ""
}
