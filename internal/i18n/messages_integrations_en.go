package i18n

func init() {
	Add(EN, map[string]string{
		"error.idempotency_key_invalid": "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
		"error.idempotency_key_reused":  "This Idempotency-Key was already used for a different request; use a new key for a new request.",
		"error.idempotency_in_flight":   "A request with this Idempotency-Key is still being processed; retry in a moment.",

		"apidocs.title":       "API reference",
		"apidocs.intro":       "The portal's JSON API under /api/v1, generated from its OpenAPI 3.1 document.",
		"apidocs.download":    "Download the OpenAPI document (JSON)",
		"apidocs.auth":        "Authentication",
		"apidocs.errors":      "Errors",
		"apidocs.idempotency": "Idempotent creates",
		"apidocs.operations":  "Operations",
		"apidocs.schemas":     "Schemas",
		"apidocs.request":     "Request body",
		"apidocs.responses":   "Responses",
		"apidocs.parameters":  "Parameters",
		"apidocs.example":     "Example",
		"apidocs.security":    "Who may call",
		"apidocs.public":      "Anyone",
		"apidocs.field":       "Field",
		"apidocs.type":        "Type",
		"apidocs.required":    "Required",
		"apidocs.idempotent":  "Accepts Idempotency-Key",
		"apidocs.link":        "API reference",
	})
}
