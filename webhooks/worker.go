package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"posportal/internal/db"
	"posportal/internal/jobs"
)

// claimed is a delivery this instance holds, with what sending it needs.
type claimed struct {
	ID        int64  `db:"id"`
	EventID   string `db:"event_id"`
	Type      Type   `db:"type"`
	Body      string `db:"body"`
	URL       string `db:"url"`
	SecretEnc string `db:"secret_enc"`
	Attempts  int    `db:"attempts"`
}

// DeliverDue sends every delivery whose time has come and reports how many
// attempts it made. Each batch is claimed for a lease first (jobs.Claim:
// FOR UPDATE SKIP LOCKED on PostgreSQL), so instances running it at once
// send disjoint deliveries; a batch holds no more attempts than fit in half
// the lease, so no live instance's delivery is ever taken over, while one
// whose instance died is due again when its lease ends.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	perClaim := max(1, int(s.worker.Lease/2/s.client.Timeout))
	n := 0
	for ctx.Err() == nil {
		now := s.now().UTC()
		token, ids, err := s.worker.Claim(ctx, s.db, now, jobs.Claim{Table: "webhook_deliveries", LeaseColumn: "next_attempt_at",
			Ready: `status = 'pending' AND next_attempt_at <= ?
				AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE deleted_at IS NULL)`,
			Args: []any{now}, Limit: perClaim})
		if err != nil || len(ids) == 0 {
			return n, err
		}
		var batch []claimed
		if err := s.db.Select(ctx, &batch, `SELECT d.id, d.event_id, e.type, e.body, p.url, p.secret_enc, d.attempts
			FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints p ON p.id = d.endpoint_id
			WHERE d.claimed_by = ? AND d.status = 'pending' ORDER BY d.id`, token); err != nil {
			return n, fmt.Errorf("claimed webhook deliveries: %w", err)
		}
		for _, c := range batch {
			if ctx.Err() != nil {
				break // the rest of the claim lapses and is taken over
			}
			if err := s.attempt(ctx, token, c); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// attempt sends one claimed delivery and records the outcome, conditional
// on still holding the claim.
func (s *Service) attempt(ctx context.Context, token string, c claimed) error {
	start := s.now()
	code, sendErr := s.send(ctx, c, start)
	took := s.now().Sub(start)
	now := s.now().UTC()
	msg, outcome := "", StatusDelivered
	if sendErr != nil {
		msg = sendErr.Error()
	} else if code < 200 || code > 299 {
		msg = fmt.Sprintf("HTTP %d", code)
	}
	var status *int
	if code != 0 {
		status = &code
	}
	q, args := `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = ?, last_error = '',
		next_attempt_at = NULL, delivered_at = ? WHERE id = ? AND claimed_by = ? AND status = 'pending'`, []any{status, now, c.ID, token}
	if msg != "" {
		outcome = StatusFailed
		if c.Attempts < len(s.backoff) {
			outcome = "retry"
			q, args = `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = ?, last_error = ?, next_attempt_at = ?
				WHERE id = ? AND claimed_by = ? AND status = 'pending'`, []any{status, msg, now.Add(s.backoff[c.Attempts]), c.ID, token}
		} else {
			q, args = `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_status_code = ?, last_error = ?,
				next_attempt_at = NULL WHERE id = ? AND claimed_by = ? AND status = 'pending'`, []any{status, msg, c.ID, token}
		}
	}
	// The outcome is recorded even when shutdown cancels ctx mid-send.
	wctx := context.WithoutCancel(ctx)
	recorded := false
	err := s.db.InTx(wctx, func(tx *db.Tx) error {
		res, err := tx.Exec(wctx, q, args...)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return nil // the endpoint was deleted meanwhile
		}
		recorded = true
		_, err = tx.Exec(wctx, `INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms, claimed_by)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, start.UTC(), status, msg, took.Milliseconds(), token)
		return err
	})
	if err != nil {
		return fmt.Errorf("record webhook attempt %d: %w", c.ID, err)
	}
	if recorded {
		s.attempts.WithLabelValues(outcome).Inc()
	}
	return nil
}

// send POSTs the event, signed at now, and returns the answer's status
// code (0 when none came).
func (s *Service) send(ctx context.Context, c claimed, now time.Time) (int, error) {
	sec, err := s.box.Open(c.SecretEnc)
	if err != nil {
		return 0, errors.New("endpoint secret cannot be opened (data key changed?)")
	}
	body := []byte(c.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return 0, errors.New("endpoint URL is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "posportal-webhooks/1")
	req.Header.Set(HeaderEventID, c.EventID)
	req.Header.Set(HeaderEventType, string(c.Type))
	req.Header.Set(HeaderSignature, Sign(sec, now, body))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, describe(err, s.client.Timeout)
	}
	defer resp.Body.Close()
	// Read a little so the connection can be reused; the answer's body
	// means nothing to us.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// describe turns a client error into the short reason admins read in the
// delivery log.
func describe(err error, timeout time.Duration) error {
	var op *net.OpError
	if errors.Is(err, ErrRefusedAddress) && errors.As(err, &op) {
		return op.Err
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return fmt.Errorf("no answer within %s", timeout)
	}
	return err
}

// Run delivers due webhooks every interval until ctx ends; portal serve
// runs it on every instance, and the claims make each delivery go once.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			log.Error("webhook delivery", "error", err)
		} else if n > 0 {
			log.Info("webhook attempts made", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
