package scheduling

import "posportal/internal/audit"

func init() {
	audit.Register("scheduling.appointment.book", "scheduling.appointment.reschedule", "scheduling.appointment.cancel",
		"scheduling.appointment.complete", "scheduling.feed.rotate", "scheduling.installer.save",
		"scheduling.installer.availability", "scheduling.training.create", "scheduling.training.book",
		"scheduling.training.attended")
}
