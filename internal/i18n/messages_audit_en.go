package i18n

// Names of audit actions on the admin dashboard that earlier message files
// did not cover; every action a package declares with audit.Register has one.
func init() {
	Add(EN, map[string]string{
		"audit.action.application.withdraw":              "Withdrew an application",
		"audit.action.application.claim":                 "Took an application for review",
		"audit.action.application.release":               "Returned an application to the queue",
		"audit.action.application.request_info":          "Asked the merchant for more information",
		"audit.action.application.approve_first":         "First approval (second review needed)",
		"audit.action.application.sign_contract":         "Contract signed: application moved on",
		"audit.action.application.book_installation":     "Installation booked: application moved on",
		"audit.action.application.cancel_installation":   "Installation cancelled: application moved back",
		"audit.action.application.complete_installation": "Installation completed",
		"audit.action.application.complete_training":     "Training completed",
		"audit.action.document.delete":                   "Deleted a document",
		"audit.action.document.verdict":                  "Checked a document",
		"audit.action.requirement.set":                   "Changed the document requirements",
		"audit.action.scheduling.appointment.book":       "Booked a visit",
		"audit.action.scheduling.appointment.reschedule": "Rescheduled a visit",
		"audit.action.scheduling.appointment.cancel":     "Cancelled a visit",
		"audit.action.scheduling.appointment.complete":   "Completed a visit",
		"audit.action.scheduling.feed.rotate":            "Renewed the calendar feed link",
		"audit.action.scheduling.installer.save":         "Saved an installer profile",
		"audit.action.scheduling.installer.availability": "Changed an installer's working hours",
		"audit.action.scheduling.training.create":        "Created a training session",
		"audit.action.scheduling.training.book":          "Booked a training seat",
		"audit.action.scheduling.training.attended":      "Recorded training attendance",
		"audit.action.support.ticket.repair_booked":      "Booked an on-site repair for a ticket",
	})
}
