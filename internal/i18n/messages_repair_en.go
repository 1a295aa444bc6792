package i18n

// On-site repair visits booked for support tickets (§6 via §5).
func init() {
	Add(EN, map[string]string{
		"repair.title":          "Book a repair visit",
		"repair.heading":        "Book a repair visit for ticket %s",
		"repair.pick":           "Pick a time",
		"repair.intro":          "%s will come to repair terminal %s; these are their free times in the merchant's district.",
		"repair.times_hint":     "A repair visit is planned for 1 hour; times are Beijing time. Picking a time books the visit and puts the ticket in progress.",
		"repair.no_slots":       "The installer has no free time in the merchant's district in the next 14 days. Change their working hours or districts, or assign the ticket to another installer.",
		"repair.already_booked": "A repair visit is already booked for this ticket; cancel it first to pick another time.",
		"repair.visits":         "On-site repair",
		"repair.no_visits":      "No repair visit booked yet.",
		"repair.book":           "Book a repair visit",
		"repair.back":           "Back to the ticket",
		"repair.flash.booked":   "Repair visit booked; the ticket is now in progress.",

		"scheduling.error.repair_no_profile": "The assigned installer has no active scheduling profile yet; an administrator must set their districts and working hours first.",
		"scheduling.error.repair_no_shop":    "This merchant has no approved shop address yet, so no repair visit can be arranged.",
		"scheduling.error.repair_booked":     "A repair visit is already booked for this ticket.",
	})
}
