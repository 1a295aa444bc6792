package webhooks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Delivery statuses.
const (
	StatusPending   = "pending"
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
)

// Delivery is one event on its way to one endpoint (§14's names).
type Delivery struct {
	ID             int64      `db:"id" json:"id"`
	EndpointID     int64      `db:"endpoint_id" json:"endpoint_id"`
	EventID        string     `db:"event_id" json:"event_id"`
	Type           Type       `db:"type" json:"type"`
	Status         string     `db:"status" json:"status"`
	Attempts       int        `db:"attempts" json:"attempts"`
	LastStatusCode *int       `db:"last_status_code" json:"last_status_code"`
	LastError      string     `db:"last_error" json:"last_error"`
	NextAttemptAt  *time.Time `db:"next_attempt_at" json:"next_attempt_at"`
	ReplayOf       *int64     `db:"replay_of" json:"replay_of"`
	CreatedAt      time.Time  `db:"created_at" json:"created_at"`
	DeliveredAt    *time.Time `db:"delivered_at" json:"delivered_at"`
	// Log is every attempt, oldest first.
	Log []Attempt `db:"-" json:"attempt_log"`
}

// Attempt is one try at sending a delivery.
type Attempt struct {
	ID          int64     `db:"id" json:"id"`
	DeliveryID  int64     `db:"delivery_id" json:"-"`
	AttemptedAt time.Time `db:"attempted_at" json:"attempted_at"`
	// StatusCode is nil when no answer came (refused, timed out).
	StatusCode *int   `db:"status_code" json:"status_code"`
	Error      string `db:"error" json:"error"`
	DurationMS int64  `db:"duration_ms" json:"duration_ms"`
}

const deliveryColumns = `d.id, d.endpoint_id, d.event_id, e.type, d.status, d.attempts, d.last_status_code, d.last_error,
	d.next_attempt_at, d.replay_of, d.created_at, d.delivered_at`

// Deliveries lists an endpoint's latest 200 deliveries, newest first, each
// with its attempts.
func (s *Service) Deliveries(ctx context.Context, actor auth.User, endpointID int64) ([]Delivery, error) {
	if err := admin(actor); err != nil {
		return nil, err
	}
	if _, err := s.endpoint(ctx, s.db, endpointID); err != nil {
		return nil, err
	}
	var out []Delivery
	if err := s.db.Select(ctx, &out, `SELECT `+deliveryColumns+` FROM webhook_deliveries d
		JOIN webhook_events e ON e.id = d.event_id WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT 200`, endpointID); err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	var log []Attempt
	if err := s.db.Select(ctx, &log, `SELECT id, delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempts
		WHERE delivery_id >= ? AND delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?) ORDER BY id`,
		out[len(out)-1].ID, endpointID); err != nil {
		return nil, fmt.Errorf("webhook attempts: %w", err)
	}
	byID := map[int64]*Delivery{}
	for i := range out {
		out[i].Log = []Attempt{}
		byID[out[i].ID] = &out[i]
	}
	for _, a := range log {
		if d := byID[a.DeliveryID]; d != nil {
			d.Log = append(d.Log, a)
		}
	}
	return out, nil
}

func (s *Service) delivery(ctx context.Context, q db.Querier, id int64) (Delivery, error) {
	var d Delivery
	err := q.Get(ctx, &d, `SELECT `+deliveryColumns+` FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
		WHERE d.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, apperr.ErrNotFound
	} else if err != nil {
		return Delivery{}, fmt.Errorf("webhook delivery: %w", err)
	}
	d.Log = []Attempt{}
	return d, nil
}

// Replay sends a delivery's event to its endpoint again, now, as a new
// delivery with its own attempts and retries; the original stays as it
// was in the log. The body is the one first sent, byte for byte.
func (s *Service) Replay(ctx context.Context, actor auth.User, deliveryID int64, ip string) (Delivery, error) {
	if err := admin(actor); err != nil {
		return Delivery{}, err
	}
	now := s.now().UTC()
	var out Delivery
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		orig, err := s.delivery(ctx, tx, deliveryID)
		if err != nil {
			return err
		}
		if _, err := s.endpoint(ctx, tx, orig.EndpointID); errors.Is(err, apperr.ErrNotFound) {
			return apperr.New(apperr.Conflict, "webhooks.error.endpoint_deleted")
		} else if err != nil {
			return err
		}
		var id int64
		if err := tx.Get(ctx, &id, `INSERT INTO webhook_deliveries (endpoint_id, event_id, status, next_attempt_at, replay_of, created_at)
			VALUES (?, ?, 'pending', ?, ?, ?) RETURNING id`, orig.EndpointID, orig.EventID, now, orig.ID, now); err != nil {
			return fmt.Errorf("replay webhook delivery: %w", err)
		}
		if err := audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "webhook.delivery.replay",
			EntityType: "webhook_delivery", EntityID: &id, IP: ip,
			Detail: map[string]any{"replay_of": orig.ID, "event_id": orig.EventID}}); err != nil {
			return err
		}
		out, err = s.delivery(ctx, tx, id)
		return err
	})
	return out, err
}
