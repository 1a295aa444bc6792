package support

import (
	"slices"
	"time"

	"posportal/internal/auth"
	"posportal/support/knowledge"
)

// TicketStatus is where a ticket stands.
type TicketStatus string

// Ticket statuses (§6), in lifecycle order.
const (
	TicketOpen       TicketStatus = "open"
	TicketAssigned   TicketStatus = "assigned"
	TicketInProgress TicketStatus = "in_progress"
	TicketResolved   TicketStatus = "resolved"
	TicketClosed     TicketStatus = "closed"
)

// TicketStatuses lists every status in lifecycle order.
var TicketStatuses = []TicketStatus{TicketOpen, TicketAssigned, TicketInProgress, TicketResolved, TicketClosed}

// TicketEvent moves a ticket from one status to another.
type TicketEvent string

// Ticket events.
const (
	EvAssign  TicketEvent = "assign"
	EvStart   TicketEvent = "start"
	EvResolve TicketEvent = "resolve"
	EvClose   TicketEvent = "close"
	EvReopen  TicketEvent = "reopen"
)

type ticketRule struct {
	from  []TicketStatus
	to    TicketStatus
	roles []auth.Role
}

// ticketMachine is the one table that says which event moves a ticket from
// where to where and who may fire it. Finer checks (the installer must be
// the assignee, the merchant the owner) are the service's.
var ticketMachine = map[TicketEvent]ticketRule{
	EvAssign:  {[]TicketStatus{TicketOpen, TicketAssigned}, TicketAssigned, []auth.Role{auth.Admin}},
	EvStart:   {[]TicketStatus{TicketAssigned}, TicketInProgress, []auth.Role{auth.Admin, auth.Installer}},
	EvResolve: {[]TicketStatus{TicketInProgress}, TicketResolved, []auth.Role{auth.Admin, auth.Installer}},
	EvClose:   {[]TicketStatus{TicketResolved}, TicketClosed, []auth.Role{auth.Admin, auth.Merchant}},
	EvReopen:  {[]TicketStatus{TicketResolved}, TicketInProgress, []auth.Role{auth.Admin, auth.Merchant}},
}

// eventTo is the event a requested target status means ("status" API).
var eventTo = map[TicketStatus]TicketEvent{
	TicketInProgress: EvStart,
	TicketResolved:   EvResolve,
	TicketClosed:     EvClose,
}

// TicketAllowed reports whether role may fire ev on a ticket in status
// from; pages use it to offer only the buttons that would work.
func TicketAllowed(ev TicketEvent, from TicketStatus, role auth.Role) bool {
	r, ok := ticketMachine[ev]
	return ok && slices.Contains(r.from, from) && slices.Contains(r.roles, role)
}

// SLA is how long a ticket of each priority may take from opening to
// resolution.
var SLA = map[knowledge.Priority]time.Duration{
	knowledge.P1: 4 * time.Hour,
	knowledge.P2: 24 * time.Hour,
	knowledge.P3: 72 * time.Hour,
	knowledge.P4: 7 * 24 * time.Hour,
}
