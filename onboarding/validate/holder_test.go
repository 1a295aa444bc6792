package validate

import "testing"

func TestHolderNameMatches(t *testing.T) {
	const company = "腾讯科技（深圳）有限公司"
	tests := []struct {
		name                                  string
		merchantType, holder, legal, operator string
		want                                  bool
	}{
		{"enterprise: legal name", "enterprise", company, company, "马化腾", true},
		{"enterprise: half-width parentheses", "enterprise", "腾讯科技(深圳)有限公司", company, "马化腾", true},
		{"enterprise: spaced parentheses", "enterprise", "腾讯科技 (深圳) 有限公司", company, "", true},
		{"enterprise: full-width spaces around", "enterprise", "\u3000" + company + " ", company, "", true},
		{"enterprise: Latin name, parentheses and spaces", "enterprise", "ABC (Shanghai) Co., Ltd.", "ABC（Shanghai）Co., Ltd.", "", true},
		{"enterprise: operator is not enough", "enterprise", "马化腾", company, "马化腾", false},
		{"enterprise: other company", "enterprise", "腾讯科技（北京）有限公司", company, "", false},
		{"individual business: operator", "individual_business", "张三", "张三烧烤店", "张三", true},
		{"individual business: legal name is not the operator", "individual_business", "张三烧烤店", "张三烧烤店", "张三", false},
		{"micro: operator with spaces", "micro", "张 三", "", "张三", true},
		{"micro: middle dot look-alike", "micro", "买买提•艾力", "", "买买提·艾力", true},
		{"micro: different person", "micro", "李四", "", "张三", false},
		{"empty holder never matches", "micro", " ", "", "", false},
		{"unknown merchant type", "partnership", company, company, company, false},
		{"Latin case matters", "micro", "john smith", "", "John Smith", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HolderNameMatches(tt.merchantType, tt.holder, tt.legal, tt.operator); got != tt.want {
				t.Errorf("HolderNameMatches(%q, %q, %q, %q) = %v, want %v",
					tt.merchantType, tt.holder, tt.legal, tt.operator, got, tt.want)
			}
		})
	}
}
