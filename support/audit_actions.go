package support

import "posportal/internal/audit"

func init() {
	// Every ticket transition is recorded as "support.ticket.<event>".
	for ev := range ticketMachine {
		audit.Register("support.ticket." + string(ev))
	}
	// A session's status changes are recorded as "support.session.<status>".
	for _, st := range SessionStatuses {
		audit.Register("support.session." + string(st))
	}
	audit.Register("support.ticket.open", "support.ticket.comment", "support.ticket.repair_booked",
		"support.device.create", "support.device.import", "support.device.checkin",
		"support.integration.create", "support.integration.rotate", "support.integration.scope",
		"support.release.create", "support.release.status", "support.release.clear_suspect", "support.release.suspect",
		"support.notice.create", "support.notice.ack", "support.session.start", "support.session.outcome")
}
