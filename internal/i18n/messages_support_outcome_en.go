package i18n

// Messages for a troubleshooting session after its outcome, and the
// device registry's title for staff.
func init() {
	Add(EN, map[string]string{
		"support.session.self_service_note": "You can carry out these steps yourself.",
		"support.session.escalate_note":     "If these steps do not help, %s takes over.",
		"support.session.ticket_opened":     "Not solved: %s takes over. Your ticket, with your answers:",
		"support.devices.title_staff":       "Device registry",
	})
}
