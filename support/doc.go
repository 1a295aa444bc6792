// Package support keeps terminals working after firmware upgrades (SPEC §6):
// the merchant's devices and their check-ins from a terminal management
// system, firmware releases and notices, the guided troubleshooting flow
// over the knowledge tree (package knowledge) with its context checks,
// tickets with their state machine, the diagnosis report PDF and the
// regression watch that pauses a bad release.
//
// Ownership is checked here, not in handlers: a merchant asking for another
// merchant's device, session or ticket gets apperr.ErrNotFound.
//
// On-site repair visits are booked by the scheduling feature (§5,
// appointment kind "repair"): it asks RepairVisitFor for a ticket assigned to
// an installer and books against the merchant and device it returns.
package support
