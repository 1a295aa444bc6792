package knowledge

import "testing"

func TestTextFor(t *testing.T) {
	both := Text{ZH: "签到", EN: "Sign-on"}
	tests := []struct {
		text Text
		lang string
		want string
	}{
		{both, "zh-CN", "签到"},
		{both, "zh", "签到"},
		{both, "ZH-cn", "签到"},
		{both, "zh_CN", "签到"},
		{both, "zh-Hans-CN", "签到"},
		{both, "en", "Sign-on"},
		{both, "en-US", "Sign-on"},
		{both, "fr", "Sign-on"},
		{both, "", "Sign-on"},
		{both, "zhx", "Sign-on"},
		{Text{EN: "only en"}, "zh-CN", "only en"},
		{Text{ZH: "只有中文"}, "en", "只有中文"},
	}
	for _, tt := range tests {
		if got := tt.text.For(tt.lang); got != tt.want {
			t.Errorf("%+v.For(%q) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}
