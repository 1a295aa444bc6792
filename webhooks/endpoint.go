package webhooks

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Endpoint is a receiver an admin registered. Its secret is never part of
// it: it is shown once, when created or rotated.
type Endpoint struct {
	ID          int64      `db:"id" json:"id"`
	URL         string     `db:"url" json:"url"`
	Events      []Type     `db:"-" json:"events"`
	Description string     `db:"description" json:"description"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	RotatedAt   *time.Time `db:"rotated_at" json:"rotated_at"`
	EventsJSON  string     `db:"events" json:"-"`
}

// NewEndpoint is the create request (§14).
type NewEndpoint struct {
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Description string   `json:"description"`
}

const endpointColumns = `id, url, description, events, created_at, rotated_at`

func admin(actor auth.User) error {
	if actor.Role != auth.Admin {
		return apperr.ErrForbidden
	}
	return nil
}

// newSecret is 256 random bits, prefixed so it is recognisable in a
// secrets scanner or a leaked log.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// validate checks the request and returns the event list to store.
func (s *Service) validate(ctx context.Context, in NewEndpoint) ([]Type, error) {
	f := map[string]string{}
	in.URL = strings.TrimSpace(in.URL)
	if in.URL == "" {
		f["url"] = "field.required"
	} else if reason := s.guard.CheckURL(ctx, in.URL); reason != "" {
		f["url"] = reason
	}
	var types []Type
	for _, e := range in.Events {
		t := Type(e)
		if !t.Valid() {
			f["events"] = "webhooks.events.unknown"
			break
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	if len(in.Events) == 0 {
		f["events"] = "webhooks.events.required"
	}
	if utf8.RuneCountInString(in.Description) > 200 {
		f["description"] = "field.too_long"
	}
	if len(f) > 0 {
		return nil, apperr.Fields(f)
	}
	return types, nil
}

// CreateEndpoint registers a receiver and returns it with its signing
// secret, which is stored sealed and never shown again.
func (s *Service) CreateEndpoint(ctx context.Context, actor auth.User, in NewEndpoint, ip string) (Endpoint, string, error) {
	if err := admin(actor); err != nil {
		return Endpoint{}, "", err
	}
	types, err := s.validate(ctx, in)
	if err != nil {
		return Endpoint{}, "", err
	}
	events, _ := json.Marshal(types)
	sec := newSecret()
	now := s.now().UTC()
	var ep Endpoint
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.Get(ctx, &id, `INSERT INTO webhook_endpoints (url, description, events, secret_enc, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, strings.TrimSpace(in.URL), strings.TrimSpace(in.Description),
			string(events), s.box.Seal(sec), actor.ID, now); err != nil {
			return fmt.Errorf("insert webhook endpoint: %w", err)
		}
		if err := audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "webhook.endpoint.create",
			EntityType: "webhook_endpoint", EntityID: &id, IP: ip,
			Detail: map[string]any{"url": in.URL, "events": types}}); err != nil {
			return err
		}
		ep, err = s.endpoint(ctx, tx, id)
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return ep, sec, nil
}

func (s *Service) endpoint(ctx context.Context, q db.Querier, id int64) (Endpoint, error) {
	var ep Endpoint
	err := q.Get(ctx, &ep, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = ? AND deleted_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Endpoint{}, apperr.ErrNotFound
	} else if err != nil {
		return Endpoint{}, fmt.Errorf("webhook endpoint: %w", err)
	}
	return ep, ep.decode()
}

func (ep *Endpoint) decode() error {
	if err := json.Unmarshal([]byte(ep.EventsJSON), &ep.Events); err != nil {
		return fmt.Errorf("webhook endpoint %d events: %w", ep.ID, err)
	}
	return nil
}

// Endpoint returns one live endpoint.
func (s *Service) Endpoint(ctx context.Context, actor auth.User, id int64) (Endpoint, error) {
	if err := admin(actor); err != nil {
		return Endpoint{}, err
	}
	return s.endpoint(ctx, s.db, id)
}

// Endpoints lists the live endpoints, oldest first.
func (s *Service) Endpoints(ctx context.Context, actor auth.User) ([]Endpoint, error) {
	if err := admin(actor); err != nil {
		return nil, err
	}
	var out []Endpoint
	if err := s.db.Select(ctx, &out, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY id`); err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", err)
	}
	for i := range out {
		if err := out[i].decode(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteEndpoint stops all deliveries to an endpoint, pending ones too;
// its delivery log stays for the record.
func (s *Service) DeleteEndpoint(ctx context.Context, actor auth.User, id int64, ip string) error {
	if err := admin(actor); err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE webhook_endpoints SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, now, id)
		if err != nil {
			return fmt.Errorf("delete webhook endpoint: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.ErrNotFound
		}
		if _, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint deleted', next_attempt_at = NULL
			WHERE endpoint_id = ? AND status = 'pending'`, id); err != nil {
			return fmt.Errorf("cancel webhook deliveries: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "webhook.endpoint.delete",
			EntityType: "webhook_endpoint", EntityID: &id, IP: ip})
	})
}

// RotateSecret replaces an endpoint's signing secret and returns the new
// one, shown this once. Deliveries from now on are signed with it.
func (s *Service) RotateSecret(ctx context.Context, actor auth.User, id int64, ip string) (Endpoint, string, error) {
	if err := admin(actor); err != nil {
		return Endpoint{}, "", err
	}
	sec := newSecret()
	now := s.now().UTC()
	var ep Endpoint
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE webhook_endpoints SET secret_enc = ?, rotated_at = ? WHERE id = ? AND deleted_at IS NULL`,
			s.box.Seal(sec), now, id)
		if err != nil {
			return fmt.Errorf("rotate webhook secret: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.ErrNotFound
		}
		if err := audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "webhook.endpoint.rotate_secret",
			EntityType: "webhook_endpoint", EntityID: &id, IP: ip}); err != nil {
			return err
		}
		ep, err = s.endpoint(ctx, tx, id)
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return ep, sec, nil
}
