package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"posportal/internal/db"
)

// Type names an event; the values are a contract (§14).
type Type string

// The events of §14.
const (
	ApplicationSubmitted     Type = "application.submitted"
	ApplicationInfoRequested Type = "application.info_requested"
	ApplicationApproved      Type = "application.approved"
	ApplicationRejected      Type = "application.rejected"
	ContractSigned           Type = "contract.signed"
	AppointmentBooked        Type = "appointment.booked"
	AppointmentCompleted     Type = "appointment.completed"
	MerchantActivated        Type = "merchant.activated"
	TicketOpened             Type = "ticket.opened"
	TicketStatusChanged      Type = "ticket.status_changed"
	FirmwareReleaseSuspect   Type = "firmware_release.suspect"
)

// Types lists every event an endpoint may subscribe to, in the order the
// admin form offers them.
var Types = []Type{ApplicationSubmitted, ApplicationInfoRequested, ApplicationApproved, ApplicationRejected,
	ContractSigned, AppointmentBooked, AppointmentCompleted, MerchantActivated, TicketOpened, TicketStatusChanged,
	FirmwareReleaseSuspect}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// envelope is the body every delivery POSTs.
type envelope struct {
	ID        string    `json:"id"`
	Type      Type      `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      any       `json:"data"`
}

// Emit records that typ happened to data — the object as the API shows it
// — inside tx, the transaction that makes the change: the event and one
// pending delivery per subscribed endpoint commit with the change or not
// at all. With no endpoint subscribed it writes nothing.
func Emit(ctx context.Context, tx *db.Tx, now time.Time, typ Type, data any) error {
	if !typ.Valid() {
		return fmt.Errorf("webhooks: unknown event type %q", typ)
	}
	var eps []struct {
		ID     int64  `db:"id"`
		Events string `db:"events"`
	}
	if err := tx.Select(ctx, &eps, `SELECT id, events FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY id`); err != nil {
		return fmt.Errorf("webhook endpoints: %w", err)
	}
	var to []int64
	for _, ep := range eps {
		var types []Type
		if err := json.Unmarshal([]byte(ep.Events), &types); err != nil {
			return fmt.Errorf("webhook endpoint %d events: %w", ep.ID, err)
		}
		if slices.Contains(types, typ) {
			to = append(to, ep.ID)
		}
	}
	if len(to) == 0 {
		return nil
	}
	now = now.UTC()
	id := "evt_" + randomHex(12)
	body, err := json.Marshal(envelope{ID: id, Type: typ, CreatedAt: now, Data: data})
	if err != nil {
		return fmt.Errorf("webhook %s body: %w", typ, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO webhook_events (id, type, body, created_at) VALUES (?, ?, ?, ?)`,
		id, typ, string(body), now); err != nil {
		return fmt.Errorf("webhook event: %w", err)
	}
	for _, ep := range to {
		if _, err := tx.Exec(ctx, `INSERT INTO webhook_deliveries (endpoint_id, event_id, status, next_attempt_at, created_at)
			VALUES (?, ?, 'pending', ?, ?)`, ep, id, now, now); err != nil {
			return fmt.Errorf("webhook delivery: %w", err)
		}
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
