package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/support/knowledge"
	"posportal/webhooks"
)

// Ticket is a support case: opened by an unresolved diagnosis or by the
// merchant, worked by an installer (on-site repair) or the provider.
type Ticket struct {
	ID                 int64              `db:"id" json:"id"`
	MerchantID         int64              `db:"merchant_id" json:"merchant_id"`
	MerchantName       string             `db:"merchant_name" json:"merchant"`
	DeviceID           int64              `db:"device_id" json:"device_id"`
	Serial             string             `db:"serial" json:"serial"`
	SessionID          *int64             `db:"session_id" json:"diagnosis_id"`
	Status             TicketStatus       `db:"status" json:"status"`
	Priority           knowledge.Priority `db:"priority" json:"priority"`
	Category           string             `db:"category" json:"category"`
	DiagnosisID        string             `db:"diagnosis_id" json:"diagnosis_node"`
	Escalation         string             `db:"escalation" json:"escalation"`
	Summary            string             `db:"summary" json:"summary"`
	AssigneeKind       string             `db:"assignee_kind" json:"assignee_kind"`
	AssigneeUserID     *int64             `db:"assignee_user_id" json:"assignee_user_id"`
	AssigneeName       *string            `db:"assignee_name" json:"assignee_name"`
	AssigneeProviderID *int64             `db:"assignee_provider_id" json:"assignee_provider_id"`
	DueAt              time.Time          `db:"due_at" json:"due_at"`
	CreatedAt          time.Time          `db:"created_at" json:"created_at"`
	UpdatedAt          time.Time          `db:"updated_at" json:"updated_at"`
}

// Overdue reports whether the ticket is past its SLA and not yet resolved.
func (t Ticket) Overdue(now time.Time) bool {
	return (t.Status != TicketResolved && t.Status != TicketClosed) && now.After(t.DueAt)
}

// Number is the ticket number people quote on the phone.
func (t Ticket) Number() string { return fmt.Sprintf("T-%06d", t.ID) }

const ticketSelect = `SELECT t.id, t.merchant_id, u.name AS merchant_name, t.device_id, d.serial, t.session_id, t.status,
	t.priority, t.category, t.diagnosis_id, t.escalation, t.summary, t.assignee_kind, t.assignee_user_id,
	a.name AS assignee_name, t.assignee_provider_id, t.due_at, t.created_at, t.updated_at
	FROM support_tickets t JOIN users u ON u.id = t.merchant_id JOIN support_devices d ON d.id = t.device_id
	LEFT JOIN users a ON a.id = t.assignee_user_id`

// Comment is a note on a ticket from the merchant or staff.
type Comment struct {
	ID         int64     `db:"id" json:"id"`
	AuthorID   *int64    `db:"author_id" json:"author_id"`
	AuthorName string    `db:"author_name" json:"author"`
	AuthorRole string    `db:"author_role" json:"author_role"`
	Body       string    `db:"body" json:"body"`
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
}

type newTicket struct {
	merchantID, deviceID                       int64
	sessionID                                  *int64
	priority                                   knowledge.Priority
	category, diagnosisID, escalation, summary string
}

func (s *Service) insertTicket(ctx context.Context, tx *db.Tx, actor *auth.User, n newTicket, ip string, now time.Time) (int64, error) {
	var id int64
	err := tx.Get(ctx, &id, `INSERT INTO support_tickets (merchant_id, device_id, session_id, status, priority, category,
		diagnosis_id, escalation, summary, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.merchantID, n.deviceID, n.sessionID, TicketOpen, n.priority, n.category, n.diagnosisID, n.escalation, n.summary,
		now.Add(SLA[n.priority]), now, now)
	if err != nil {
		return 0, fmt.Errorf("insert ticket: %w", err)
	}
	if err := record(ctx, tx, now, actor, ip, "support.ticket.open", "ticket", id, &n.merchantID,
		map[string]any{"priority": n.priority, "diagnosis": n.diagnosisID, "to": TicketOpen}); err != nil {
		return 0, err
	}
	return id, emitTicket(ctx, tx, now, webhooks.TicketOpened, id)
}

// OpenTicket lets a merchant open a ticket for one of their devices
// without walking the flow.
func (s *Service) OpenTicket(ctx context.Context, actor auth.User, deviceID int64, summary string, priority knowledge.Priority, ip string) (Ticket, error) {
	if actor.Role != auth.Merchant {
		return Ticket{}, apperr.ErrForbidden
	}
	d, err := s.Device(ctx, actor, deviceID)
	if err != nil {
		return Ticket{}, err
	}
	summary = strings.TrimSpace(summary)
	f := map[string]string{}
	if summary == "" {
		f["summary"] = "field.required"
	} else if utf8.RuneCountInString(summary) > 2000 {
		f["summary"] = "field.too_long"
	}
	if priority == "" {
		priority = knowledge.P3
	}
	if !priority.Valid() {
		f["priority"] = "support.field.choose"
	}
	if err := fieldsErr(f); err != nil {
		return Ticket{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err = s.insertTicket(ctx, tx, &actor, newTicket{merchantID: actor.ID, deviceID: d.ID, priority: priority, summary: summary}, ip, s.now().UTC())
		return err
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, actor, id)
}

// TicketFilter narrows the staff queue.
type TicketFilter struct {
	Status TicketStatus
}

// Tickets lists what the actor may see: a merchant their own, an installer
// the tickets assigned to them, an admin all; open work first by due time.
func (s *Service) Tickets(ctx context.Context, actor auth.User, f TicketFilter) ([]Ticket, error) {
	where, args := []string{"1 = 1"}, []any{}
	switch actor.Role {
	case auth.Merchant:
		where, args = append(where, "t.merchant_id = ?"), append(args, actor.ID)
	case auth.Installer:
		where, args = append(where, "t.assignee_user_id = ?"), append(args, actor.ID)
	case auth.Admin:
	default:
		return nil, apperr.ErrForbidden
	}
	if f.Status != "" {
		where, args = append(where, "t.status = ?"), append(args, f.Status)
	}
	var out []Ticket
	err := s.db.Select(ctx, &out, ticketSelect+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE WHEN t.status IN ('resolved', 'closed') THEN 1 ELSE 0 END, t.due_at, t.id LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	return out, nil
}

// Ticket returns one ticket the actor may see (else apperr.ErrNotFound).
func (s *Service) Ticket(ctx context.Context, actor auth.User, id int64) (Ticket, error) {
	return s.ticket(ctx, s.db, actor, id)
}

func (s *Service) ticket(ctx context.Context, q db.Querier, actor auth.User, id int64) (Ticket, error) {
	var t Ticket
	if err := notFound(q.Get(ctx, &t, ticketSelect+` WHERE t.id = ?`, id), "ticket"); err != nil {
		return Ticket{}, err
	}
	switch actor.Role {
	case auth.Admin:
	case auth.Merchant:
		if t.MerchantID != actor.ID {
			return Ticket{}, apperr.ErrNotFound
		}
	case auth.Installer:
		if t.AssigneeUserID == nil || *t.AssigneeUserID != actor.ID {
			return Ticket{}, apperr.ErrNotFound
		}
	default:
		return Ticket{}, apperr.ErrNotFound
	}
	return t, nil
}

// Assignment routes a ticket: to an installer for on-site repair, or to
// the device's provider.
type Assignment struct {
	Assignee    string `json:"assignee"` // "installer" or "provider"
	InstallerID int64  `json:"installer_id"`
}

// Assign routes a ticket (admin).
func (s *Service) Assign(ctx context.Context, actor auth.User, id int64, a Assignment, ip string) (Ticket, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := s.ticket(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		var userID, providerID *int64
		switch a.Assignee {
		case "installer":
			var role string
			if err := tx.Get(ctx, &role, `SELECT role FROM users WHERE id = ?`, a.InstallerID); err != nil || role != string(auth.Installer) {
				return apperr.Fields(map[string]string{"installer_id": "support.field.installer"})
			}
			userID = &a.InstallerID
		case "provider":
			var pid int64
			if err := tx.Get(ctx, &pid, `SELECT provider_id FROM support_devices WHERE id = ?`, t.DeviceID); err != nil {
				return fmt.Errorf("device provider: %w", err)
			}
			providerID = &pid
		default:
			return apperr.Fields(map[string]string{"assignee": "support.field.choose"})
		}
		return s.transition(ctx, tx, actor, t, EvAssign, ip, map[string]any{"assignee": a.Assignee, "installer_id": userID, "provider_id": providerID},
			`assignee_kind = ?, assignee_user_id = ?, assignee_provider_id = ?`, a.Assignee, userID, providerID)
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, actor, id)
}

// SetTicketStatus moves a ticket to in_progress, resolved or closed — or
// back to in_progress from resolved (reopen) — per the state machine.
func (s *Service) SetTicketStatus(ctx context.Context, actor auth.User, id int64, to TicketStatus, ip string) (Ticket, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := s.ticket(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		ev, ok := eventTo[to]
		if to == TicketInProgress && t.Status == TicketResolved {
			ev, ok = EvReopen, true
		}
		if !ok {
			return apperr.Fields(map[string]string{"status": "support.field.choose"})
		}
		return s.transition(ctx, tx, actor, t, ev, ip, nil, "")
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, actor, id)
}

// transition applies ev to t as one conditional update plus its audit
// event: a ticket that moved meanwhile answers 409 and nothing changes.
func (s *Service) transition(ctx context.Context, tx *db.Tx, actor auth.User, t Ticket, ev TicketEvent, ip string,
	detail map[string]any, set string, setArgs ...any) error {
	rule := ticketMachine[ev]
	if !slices.Contains(rule.roles, actor.Role) {
		return apperr.ErrForbidden
	}
	if !slices.Contains(rule.from, t.Status) {
		return apperr.New(apperr.Conflict, "support.error.ticket_state")
	}
	now := s.now().UTC()
	if set != "" {
		set += ", "
	}
	args := append(setArgs, rule.to, now, t.ID, t.Status)
	res, err := tx.Exec(ctx, `UPDATE support_tickets SET `+set+`status = ?, updated_at = ? WHERE id = ? AND status = ?`, args...)
	if err != nil {
		return fmt.Errorf("ticket %s: %w", ev, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "support.error.ticket_state")
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["from"], detail["to"] = t.Status, rule.to
	if err := record(ctx, tx, now, &actor, ip, "support.ticket."+string(ev), "ticket", t.ID, &t.MerchantID, detail); err != nil {
		return err
	}
	if rule.to == t.Status {
		return nil // reassigned: the status stays
	}
	return emitTicket(ctx, tx, now, webhooks.TicketStatusChanged, t.ID)
}

// AddComment adds a note from the merchant or staff who may see the ticket.
func (s *Service) AddComment(ctx context.Context, actor auth.User, id int64, body, ip string) (Comment, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Comment{}, apperr.Fields(map[string]string{"body": "field.required"})
	}
	if utf8.RuneCountInString(body) > 4000 {
		return Comment{}, apperr.Fields(map[string]string{"body": "field.too_long"})
	}
	var cid int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := s.ticket(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if t.Status == TicketClosed {
			return apperr.New(apperr.Conflict, "support.error.ticket_closed")
		}
		now := s.now().UTC()
		if err := tx.Get(ctx, &cid, `INSERT INTO support_ticket_comments (ticket_id, merchant_id, author_id, body, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, id, t.MerchantID, actor.ID, body, now); err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		return record(ctx, tx, now, &actor, ip, "support.ticket.comment", "ticket", id, &t.MerchantID, nil)
	})
	if err != nil {
		return Comment{}, err
	}
	cs, err := s.Comments(ctx, actor, id)
	if err != nil {
		return Comment{}, err
	}
	for _, c := range cs {
		if c.ID == cid {
			return c, nil
		}
	}
	return Comment{}, apperr.ErrNotFound
}

// Comments lists a ticket's comments, oldest first.
func (s *Service) Comments(ctx context.Context, actor auth.User, id int64) ([]Comment, error) {
	if _, err := s.Ticket(ctx, actor, id); err != nil {
		return nil, err
	}
	out := []Comment{}
	err := s.db.Select(ctx, &out, `SELECT c.id, c.author_id, COALESCE(u.name, '') AS author_name, COALESCE(u.role, '') AS author_role,
		c.body, c.created_at FROM support_ticket_comments c LEFT JOIN users u ON u.id = c.author_id
		WHERE c.ticket_id = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	return out, nil
}

// Installers lists installer accounts for the assignment form.
func (s *Service) Installers(ctx context.Context) ([]auth.User, error) {
	var out []auth.User
	if err := s.db.Select(ctx, &out, `SELECT id, email, name, phone, role, '' AS password_hash, lang, created_at
		FROM users WHERE role = ? ORDER BY name`, auth.Installer); err != nil {
		return nil, fmt.Errorf("list installers: %w", err)
	}
	return out, nil
}

// RepairVisit is what the scheduling feature needs to book an on-site
// repair appointment for a ticket.
type RepairVisit struct {
	TicketID    int64
	MerchantID  int64
	DeviceID    int64
	Serial      string
	InstallerID int64
	Priority    knowledge.Priority
}

// RepairVisitFor returns the repair visit a ticket needs: it must be
// assigned to an installer and not yet resolved; the actor must be able to
// see it (admin, the assigned installer, or the owning merchant).
func (s *Service) RepairVisitFor(ctx context.Context, actor auth.User, ticketID int64) (RepairVisit, error) {
	t, err := s.Ticket(ctx, actor, ticketID)
	if err != nil {
		return RepairVisit{}, err
	}
	if t.AssigneeKind != "installer" || t.AssigneeUserID == nil || (t.Status != TicketAssigned && t.Status != TicketInProgress) {
		return RepairVisit{}, apperr.New(apperr.Conflict, "support.error.not_repair")
	}
	return RepairVisit{TicketID: t.ID, MerchantID: t.MerchantID, DeviceID: t.DeviceID, Serial: t.Serial,
		InstallerID: *t.AssigneeUserID, Priority: t.Priority}, nil
}

// TicketSession returns the troubleshooting session a ticket came from,
// transcript included, to whoever may see the ticket (an installer sees
// the merchant's answers for the ticket assigned to them).
func (s *Service) TicketSession(ctx context.Context, actor auth.User, t Ticket) (Session, error) {
	if t.SessionID == nil {
		return Session{}, apperr.ErrNotFound
	}
	if _, err := s.Ticket(ctx, actor, t.ID); err != nil {
		return Session{}, err
	}
	return s.session(ctx, s.db, auth.User{Role: auth.Admin}, *t.SessionID)
}
