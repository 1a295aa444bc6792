package web

import (
	"posportal/internal/i18n"
	"posportal/onboarding/validate"
)

// The validators own their messages (they know what each check means);
// the catalog takes them in at start-up.
func init() {
	i18n.Add(i18n.ZH, validate.Messages["zh-CN"])
	i18n.Add(i18n.EN, validate.Messages["en"])
}
