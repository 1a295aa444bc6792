package support

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/db"
	"posportal/webhooks"
)

// TicketView is a ticket as the API shows it: its fields plus the number
// people quote and whether it is past its SLA. Webhook events carry the
// same object.
type TicketView struct {
	Ticket
	Number  string `json:"number"`
	Overdue bool   `json:"overdue"`
}

// TicketViewOf is t as the API shows it at now.
func TicketViewOf(t Ticket, now time.Time) TicketView {
	return TicketView{Ticket: t, Number: t.Number(), Overdue: t.Overdue(now)}
}

// emitTicket writes a ticket webhook event in tx, the transaction that
// opened or moved the ticket, with the ticket as it now stands.
func emitTicket(ctx context.Context, tx *db.Tx, now time.Time, typ webhooks.Type, id int64) error {
	var t Ticket
	if err := tx.Get(ctx, &t, ticketSelect+` WHERE t.id = ?`, id); err != nil {
		return fmt.Errorf("ticket for webhook: %w", err)
	}
	return webhooks.Emit(ctx, tx, now, typ, TicketViewOf(t, now))
}

// emitSuspect writes firmware_release.suspect in the transaction that
// flags the release, with the release as the API lists it.
func emitSuspect(ctx context.Context, tx *db.Tx, now time.Time, id int64) error {
	var r Release
	if err := tx.Get(ctx, &r, releaseSelect+` WHERE r.id = ?`, id); err != nil {
		return fmt.Errorf("release for webhook: %w", err)
	}
	return webhooks.Emit(ctx, tx, now, webhooks.FirmwareReleaseSuspect, r)
}
