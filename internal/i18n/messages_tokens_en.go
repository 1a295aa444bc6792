package i18n

func init() {
	Add(EN, map[string]string{
		"audit.action.api_token.create": "Service token created",
		"audit.action.api_token.revoke": "Service token revoked",
		"apitoken.title":                "Service tokens",
		"apitoken.intro":                "Server-to-server credentials for the bank's own systems. A token acts for the admin who created it, only within the scopes ticked here; revoke it the moment it is no longer needed.",
		"apitoken.token_once":           "Copy the token for “%s” now: it is shown only this once.",
		"apitoken.usage":                "Send it in every request as the header Authorization: Bearer <token>.",
		"apitoken.col.scopes":           "Scopes",
		"apitoken.col.hint":             "Ends in",
		"apitoken.col.created":          "Created",
		"apitoken.col.last_used":        "Last used",
		"apitoken.col.status":           "Status",
		"apitoken.col.provider":         "Provider",
		"apitoken.status.active":        "Active",
		"apitoken.status.revoked":       "Revoked %s",
		"apitoken.revoke":               "Revoke",
		"apitoken.none":                 "No service tokens yet.",
		"apitoken.new":                  "New service token",
		"apitoken.create":               "Create token",
		"apitoken.provider_hint":        "Required with devices:checkin, and only then: the token checks in this provider's terminals and no others.",
		"apitoken.flash.revoked":        "The token is revoked; it no longer works.",

		"apitoken.scope.applications:read":  "Read applications, their documents, contracts and appointments",
		"apitoken.scope.applications:write": "Release claimed applications, plan training sessions, record attendance",
		"apitoken.scope.catalog:read":       "Read terminals, providers and fee plans; request fee quotes",
		"apitoken.scope.catalog:write":      "Create fee plans",
		"apitoken.scope.devices:checkin":    "Check in one provider's terminals (terminal management)",
		"apitoken.scope.tickets:read":       "Read support tickets and repair visits",
		"apitoken.scope.tickets:write":      "Assign, comment on and move tickets; book repair visits",
		"apitoken.scope.webhooks:manage":    "Manage webhook endpoints and their deliveries",
		"apitoken.scope.insights:read":      "Read operations insight",

		"apitoken.field.name":              "Enter a name of up to 80 characters.",
		"apitoken.field.scopes_required":   "Choose at least one scope.",
		"apitoken.field.scope_unknown":     "Unknown scope; the scopes are applications:read, applications:write, catalog:read, catalog:write, devices:checkin, tickets:read, tickets:write, webhooks:manage, insights:read.",
		"apitoken.field.provider_required": "A devices:checkin token needs the provider whose terminals it checks in.",
		"apitoken.field.provider_unused":   "A provider applies only to a devices:checkin token.",
		"apitoken.field.provider_unknown":  "Choose a registered provider.",

		"apitoken.error.unauthenticated": "Unknown or revoked service token.",
		"apitoken.error.throttled":       "Too many failed token authentications from this address; try again later.",
		"apitoken.error.session_only":    "This route needs a signed-in person; service tokens cannot use it.",
		"apitoken.error.scope":           "This service token lacks the scope %s.",
	})
}
