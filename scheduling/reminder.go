package scheduling

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/i18n"
	"posportal/internal/jobs"
	"posportal/internal/shanghai"
	"posportal/onboarding"
)

// Reminder channels.
const (
	ChannelInApp = "in_app"
	ChannelEmail = "email"
)

// scheduleReminders queues the in-app and e-mail reminders for the
// merchant, due one lead time (24 h) before start.
func (s *Service) scheduleReminders(ctx context.Context, tx *db.Tx, apptID int64, a onboarding.Application, start time.Time) error {
	due := start.Add(-s.rules.LeadTime).UTC()
	for _, ch := range []string{ChannelInApp, ChannelEmail} {
		if _, err := tx.Exec(ctx, `INSERT INTO sched_reminders (appointment_id, merchant_id, user_id, channel, due_at, status)
			VALUES (?, ?, ?, ?, ?, 'pending')`, apptID, a.MerchantID, a.MerchantID, ch, due); err != nil {
			return fmt.Errorf("queue reminder: %w", err)
		}
	}
	return nil
}

// withdrawReminders withdraws an appointment's pending reminders.
func (s *Service) withdrawReminders(ctx context.Context, tx *db.Tx, apptID int64) error {
	_, err := tx.Exec(ctx, `UPDATE sched_reminders SET status = 'withdrawn' WHERE appointment_id = ? AND status = 'pending'`, apptID)
	if err != nil {
		return fmt.Errorf("withdraw reminders: %w", err)
	}
	return nil
}

// Reminder is a queued reminder as admins and tests see it.
type Reminder struct {
	ID            int64      `db:"id"`
	AppointmentID int64      `db:"appointment_id"`
	Channel       string     `db:"channel"`
	DueAt         time.Time  `db:"due_at"`
	Status        string     `db:"status"`
	SentAt        *time.Time `db:"sent_at"`
}

// Reminders lists an appointment's reminders.
func (s *Service) Reminders(ctx context.Context, apptID int64) ([]Reminder, error) {
	var out []Reminder
	err := s.db.Select(ctx, &out, `SELECT id, appointment_id, channel, due_at, status, sent_at FROM sched_reminders
		WHERE appointment_id = ? ORDER BY id`, apptID)
	return out, err
}

type dueReminder struct {
	ID        int64     `db:"id"`
	ApptID    int64     `db:"appointment_id"`
	UserID    int64     `db:"user_id"`
	Merchant  int64     `db:"merchant_id"`
	Channel   string    `db:"channel"`
	Email     string    `db:"email"`
	Lang      string    `db:"lang"`
	Start     time.Time `db:"starts_at"`
	Kind      Kind      `db:"kind"`
	Installer string    `db:"installer_name"`
}

// SendDue sends every pending reminder whose time has come and reports how
// many it handled. It claims the due reminders for a lease first, so
// several portal instances running it at once split the work, and marks
// each one sent in the transaction that writes it, conditional on the
// claim: a reminder is written once even if a claim lapsed and another
// instance took it over. In-app reminders become notifications; e-mails go
// to the outbox, queued for DeliverDue when SMTP is configured.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	token, ids, err := s.claimReminders(ctx, now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var due []dueReminder
	err = s.db.Select(ctx, &due, `SELECT r.id, r.appointment_id, r.user_id, r.merchant_id, r.channel, u.email, u.lang,
		a.starts_at, a.kind, iu.name AS installer_name
		FROM sched_reminders r
		JOIN sched_appointments a ON a.id = r.appointment_id
		JOIN users u ON u.id = r.user_id
		JOIN sched_installers i ON i.id = a.installer_id
		JOIN users iu ON iu.id = i.user_id
		WHERE r.claimed_by = ? AND r.status = 'pending' ORDER BY r.due_at, r.id`, token)
	if err != nil {
		return 0, fmt.Errorf("due reminders: %w", err)
	}
	var deliverAfter *time.Time
	if s.mail != nil {
		deliverAfter = &now
	}
	n := 0
	for _, r := range due {
		if ctx.Err() != nil {
			break // the rest of the claim lapses and is taken over
		}
		lang := r.Lang
		if !i18n.Supported(lang) {
			lang = i18n.ZH
		}
		when := r.Start.In(shanghai.Location).Format("2006-01-02 15:04")
		subject := i18n.T(lang, "scheduling.reminder.subject", i18n.T(lang, "scheduling.kind."+string(r.Kind)))
		body := i18n.T(lang, "scheduling.reminder.body", i18n.T(lang, "scheduling.kind."+string(r.Kind)), when, r.Installer)
		if !r.Start.After(now) {
			// The visit has begun (a portal that was down, or a visit
			// booked in the past by an import): "tomorrow's visit" would
			// be wrong, so the reminder is withdrawn, not sent.
			if _, err := s.db.Exec(ctx, `UPDATE sched_reminders SET status = 'withdrawn'
				WHERE id = ? AND status = 'pending' AND claimed_by = ?`, r.ID, token); err != nil {
				return n, fmt.Errorf("withdraw late reminder: %w", err)
			}
			continue
		}
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE sched_reminders SET status = 'sent', sent_at = ?
				WHERE id = ? AND status = 'pending' AND claimed_by = ?`, now, r.ID, token)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return nil // withdrawn meanwhile, or our lease lapsed and another instance sent it
			}
			n++
			if r.Channel == ChannelInApp {
				_, err = tx.Exec(ctx, `INSERT INTO notifications (user_id, merchant_id, subject, body, created_at) VALUES (?, ?, ?, ?, ?)`,
					r.UserID, r.Merchant, subject, body, now)
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO outbox (merchant_id, to_addr, subject, body, status, created_at, deliver_after)
				VALUES (?, ?, ?, ?, 'held', ?, ?)`, r.Merchant, r.Email, subject, body, now, deliverAfter)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("send reminder %d: %w", r.ID, err)
		}
	}
	return n, nil
}

// claimReminders claims the pending reminders that are due, of visits
// still booked, and not held by a live claim.
func (s *Service) claimReminders(ctx context.Context, now time.Time) (string, []int64, error) {
	return s.worker.Claim(ctx, s.db, now, jobs.Claim{Table: "sched_reminders", LeaseColumn: "lease_until",
		Ready: `status = 'pending' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
			AND appointment_id IN (SELECT id FROM sched_appointments WHERE status = ?)`,
		Args: []any{now, now, StatusBooked}, Limit: 200})
}

// DeliverDue hands the outbox e-mails queued for SMTP to the mail server
// and reports how many it tried (a failed try is retried later). Like SendDue it claims them first, so
// each message is sent by one instance; a message whose sender died
// mid-send is due again when the claim's lease ends. A send is cut off at
// half the lease, so no live instance's message is ever taken over.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	if s.mail == nil {
		return 0, nil
	}
	now := s.now().UTC()
	token, ids, err := s.claimOutbox(ctx, now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var msgs []OutboxMessage
	if err := s.db.Select(ctx, &msgs, `SELECT id, to_addr, subject, body, status, error, attempts, created_at, sent_at FROM outbox
		WHERE claimed_by = ? AND status = 'held' ORDER BY id`, token); err != nil {
		return 0, fmt.Errorf("claimed outbox: %w", err)
	}
	n := 0
	for _, m := range msgs {
		if ctx.Err() != nil {
			break
		}
		s.deliver(ctx, token, m)
		n++
	}
	return n, nil
}

// claimOutbox claims the e-mails queued for SMTP whose time has come: new
// ones, and those whose sender's lease ran out.
func (s *Service) claimOutbox(ctx context.Context, now time.Time) (string, []int64, error) {
	return s.worker.Claim(ctx, s.db, now, jobs.Claim{Table: "outbox", LeaseColumn: "deliver_after",
		Ready: `status = 'held' AND deliver_after IS NOT NULL AND deliver_after <= ?`, Args: []any{now}, Limit: 50})
}

// sendRetries are the waits after each failed send before the next try;
// after the last one the message is marked failed for admins to see.
var sendRetries = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// deliver hands one claimed outbox message to SMTP and records the
// outcome. A failure keeps its error visible to admins and is retried
// after the next wait of sendRetries, by whichever instance polls then.
func (s *Service) deliver(ctx context.Context, token string, m OutboxMessage) {
	sctx, cancel := context.WithTimeout(ctx, s.worker.Lease/2)
	defer cancel()
	err := s.mail.Send(sctx, m.To, m.Subject, m.Body)
	now := s.now().UTC()
	q, args := `UPDATE outbox SET status = 'sent', error = '', sent_at = ?, deliver_after = NULL
		WHERE id = ? AND claimed_by = ? AND status = 'held'`, []any{now, m.ID, token}
	if err != nil {
		if m.Attempts < len(sendRetries) {
			q, args = `UPDATE outbox SET error = ?, attempts = attempts + 1, deliver_after = ?
				WHERE id = ? AND claimed_by = ? AND status = 'held'`, []any{err.Error(), now.Add(sendRetries[m.Attempts]), m.ID, token}
		} else {
			q, args = `UPDATE outbox SET status = 'failed', error = ?, attempts = attempts + 1, sent_at = ?, deliver_after = NULL
				WHERE id = ? AND claimed_by = ? AND status = 'held'`, []any{err.Error(), now, m.ID, token}
		}
	}
	if _, err := s.db.Exec(context.WithoutCancel(ctx), q, args...); err != nil {
		slog.Default().Error("outbox update", "id", m.ID, "error", err)
	}
}

// Run sends due reminders and queued e-mails every interval until ctx
// ends; portal serve runs it in a goroutine stopped on shutdown, on every
// instance.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			log.Error("reminders", "error", err)
		} else if n > 0 {
			log.Info("reminders sent", "count", n)
		}
		if n, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			log.Error("outbox delivery", "error", err)
		} else if n > 0 {
			log.Info("outbox e-mails handed to SMTP", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// OutboxMessage is an e-mail the portal sent or holds.
type OutboxMessage struct {
	ID        int64      `db:"id"`
	To        string     `db:"to_addr"`
	Subject   string     `db:"subject"`
	Body      string     `db:"body"`
	Status    string     `db:"status"`
	Error     string     `db:"error"`
	Attempts  int        `db:"attempts"` // failed sends so far
	CreatedAt time.Time  `db:"created_at"`
	SentAt    *time.Time `db:"sent_at"`
}

// Outbox lists the latest e-mails, newest first (admins only).
func (s *Service) Outbox(ctx context.Context, actor auth.User) ([]OutboxMessage, error) {
	if actor.Role != auth.Admin {
		return nil, apperr.ErrForbidden
	}
	var out []OutboxMessage
	// A held message with a delivery time is waiting for SMTP, not kept
	// back for want of it: admins see it as queued.
	if err := s.db.Select(ctx, &out, `SELECT id, to_addr, subject, body,
		CASE WHEN status = 'held' AND deliver_after IS NOT NULL THEN 'queued' ELSE status END AS status,
		error, attempts, created_at, sent_at FROM outbox ORDER BY id DESC LIMIT 200`); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// Notification is an in-app message.
type Notification struct {
	ID        int64      `db:"id" json:"id"`
	Subject   string     `db:"subject" json:"subject"`
	Body      string     `db:"body" json:"body"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	ReadAt    *time.Time `db:"read_at" json:"read_at"`
}

// Notifications lists the actor's latest in-app notifications.
func (s *Service) Notifications(ctx context.Context, actor auth.User) ([]Notification, error) {
	var out []Notification
	if err := s.db.Select(ctx, &out, `SELECT id, subject, body, created_at, read_at FROM notifications
		WHERE user_id = ? ORDER BY id DESC LIMIT 50`, actor.ID); err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	return out, nil
}
