package validate

// Messages maps a language ("en", "zh-CN") to message key → user-facing text.
// The texts tell the user what to fix, never which check digit was expected.
var Messages = map[string]map[string]string{
	"en": {
		"uscc.format":            "The unified social credit code must be 18 characters: digits and capital letters except I, O, S, V and Z.",
		"uscc.checksum":          "The unified social credit code is not valid. Please check it against the business license.",
		"resident_id.format":     "The resident ID number must be 18 characters: 17 digits followed by a digit or X.",
		"resident_id.checksum":   "The resident ID number is not valid. Please check it against the ID card.",
		"resident_id.birth_date": "The resident ID number does not contain a valid date of birth.",
		"resident_id.under_18":   "The legal representative or operator must be at least 18 years old.",
		"mobile.format":          "Enter an 11-digit mainland China mobile number starting with 13–19.",
		"bankcard.format":        "The bank card number must be 16 to 19 digits.",
		"bankcard.checksum":      "The bank card number is not valid. Please check it against the card.",
		"corp_account.format":    "The corporate account number must be 8 to 30 digits.",
		"person_name.format":     "Enter the name as on the ID card: 2 to 30 Chinese characters (with · for names that use it) or Latin letters.",
		"holder_name.mismatch":   "The settlement account holder must be the merchant's legal name (enterprise) or the legal representative/operator (individual business, micro merchant).",
	},
	"zh-CN": {
		"uscc.format":            "统一社会信用代码应为18位，由数字和大写英文字母组成（不含 I、O、S、V、Z）。",
		"uscc.checksum":          "统一社会信用代码校验不通过，请对照营业执照核对。",
		"resident_id.format":     "居民身份证号码应为18位：前17位为数字，最后一位为数字或 X。",
		"resident_id.checksum":   "居民身份证号码校验不通过，请对照身份证核对。",
		"resident_id.birth_date": "居民身份证号码中的出生日期无效。",
		"resident_id.under_18":   "法定代表人或经营者须年满18周岁。",
		"mobile.format":          "请输入11位中国大陆手机号码（以13–19开头）。",
		"bankcard.format":        "银行卡号应为16至19位数字。",
		"bankcard.checksum":      "银行卡号校验不通过，请对照银行卡核对。",
		"corp_account.format":    "对公账号应为8至30位数字。",
		"person_name.format":     "请按身份证填写姓名：2至30个汉字（少数民族姓名可含“·”）或英文字母。",
		"holder_name.mismatch":   "结算账户户名须与商户名称（企业）或法定代表人/经营者姓名（个体工商户、小微商户）一致。",
	},
}
