package i18n

// Messages for refused input at the HTTP edge: encoding, content type and
// bodies too slow to wait for.
func init() {
	Add(EN, map[string]string{
		"error.bad_encoding":      "The request contains text that is not valid UTF-8 or contains a NUL character.",
		"error.malformed_form":    "Malformed form submission.",
		"error.json_content_type": "Send JSON with the header Content-Type: application/json.",
		"error.slow_body":         "The upload was too slow and was stopped; please try again on a better connection.",
		"catalog.csv.encoding":    "This row is not valid UTF-8 text; save the file as \"CSV UTF-8\" and import it again.",
	})
}
