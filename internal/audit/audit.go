// Package audit appends to and reads the append-only audit_events table.
// Writers pass the transaction that makes the change, so an audited change
// and its event commit or roll back together.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"posportal/internal/db"
)

// Event is one audited action.
type Event struct {
	ActorID    *int64
	Action     string // e.g. "login", "login_failure", "application.submit"
	EntityType string
	EntityID   *int64
	MerchantID *int64
	IP         string
	Detail     map[string]any
}

// Entry is a stored event.
type Entry struct {
	ID         int64     `db:"id" json:"id"`
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
	ActorID    *int64    `db:"actor_id" json:"actor_id"`
	Action     string    `db:"action" json:"action"`
	EntityType string    `db:"entity_type" json:"entity_type"`
	EntityID   *int64    `db:"entity_id" json:"entity_id"`
	MerchantID *int64    `db:"merchant_id" json:"merchant_id"`
	IP         string    `db:"ip" json:"ip"`
	Detail     string    `db:"detail" json:"detail"`
}

// Record appends e, stamped with now.
func Record(ctx context.Context, q db.Querier, now time.Time, e Event) error {
	detail := "{}"
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("audit detail: %w", err)
		}
		detail = string(b)
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_events (created_at, actor_id, action, entity_type, entity_id, merchant_id, ip, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		now.UTC(), e.ActorID, e.Action, e.EntityType, e.EntityID, e.MerchantID, e.IP, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// Filter narrows List; zero fields match everything.
type Filter struct {
	ActorID *int64
	Action  string
	Limit   int
}

// List returns events newest first.
func List(ctx context.Context, q db.Querier, f Filter) ([]Entry, error) {
	where, args := "WHERE 1=1", []any{}
	if f.ActorID != nil {
		where += " AND actor_id = ?"
		args = append(args, *f.ActorID)
	}
	if f.Action != "" {
		where += " AND action = ?"
		args = append(args, f.Action)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []Entry
	err := q.Select(ctx, &out, `SELECT id, created_at, actor_id, action, entity_type, entity_id, merchant_id, ip, detail
		FROM audit_events `+where+fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit), args...)
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return out, nil
}
