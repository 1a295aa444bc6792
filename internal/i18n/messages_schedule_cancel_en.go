package i18n

// Messages of the page that confirms cancelling a visit.
func init() {
	Add(EN, map[string]string{
		"schedule.cancel_confirm.title":    "Cancel this visit?",
		"schedule.cancel_confirm.question": "Cancel the %s on %s?",
		"schedule.cancel_confirm.hint":     "The time is given back to other merchants; you can book a new one afterwards while there are free times.",
		"schedule.cancel_confirm.yes":      "Yes, cancel the visit",
		"schedule.cancel_confirm.no":       "No, keep it",
	})
}
