package i18n

// Messages naming the JSON type a mistyped API value should have (§16).
func init() {
	Add(ZH, map[string]string{
		"field.json.whole_number": "应为整数",
		"field.json.number":       "应为数字",
		"field.json.bool":         "应为 true 或 false",
		"field.json.text":         "应为文本(JSON 字符串)",
		"field.json.list":         "应为列表",
		"field.json.object":       "应为对象",
	})
}
