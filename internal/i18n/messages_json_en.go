package i18n

// Messages naming the JSON type a mistyped API value should have (§16).
func init() {
	Add(EN, map[string]string{
		"field.json.whole_number": "expected a whole number",
		"field.json.number":       "expected a number",
		"field.json.bool":         "expected true or false",
		"field.json.text":         "expected text (a JSON string)",
		"field.json.list":         "expected a list",
		"field.json.object":       "expected an object",
	})
}
