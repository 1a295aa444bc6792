package i18n

// Messages for a visit asked for outside the installers' working hours.
func init() {
	Add(EN, map[string]string{
		"scheduling.error.outside_hours":       "That time is outside working hours (%s that day); the visit takes %d minutes and must start and end within them.",
		"scheduling.field.start_outside_hours": "Outside working hours: visits that day are between %s, and this one takes %d minutes.",
		"scheduling.field.start_day_off":       "No installer serving your district works on that day; please pick another day from the free times.",
	})
}
