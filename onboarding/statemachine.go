package onboarding

import (
	"context"
	"fmt"
	"strings"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Event is something that moves an application from one status to another.
type Event string

// The events of §2.3.
const (
	EvSubmit               Event = "submit"
	EvWithdraw             Event = "withdraw"
	EvClaim                Event = "claim"
	EvRelease              Event = "release"
	EvRequestInfo          Event = "request_info"
	EvReject               Event = "reject"
	EvApprove              Event = "approve"
	EvFirstApproval        Event = "approve_first" // high-risk: approved once, back to the queue for a second reviewer
	EvSignContract         Event = "sign_contract"
	EvBookInstallation     Event = "book_installation"
	EvCancelInstallation   Event = "cancel_installation"
	EvCompleteInstallation Event = "complete_installation"
	EvCompleteTraining     Event = "complete_training"
)

type rule struct {
	from  []Status
	to    Status
	roles []auth.Role
}

// machine is §2.3's table, the one place that says which event may move an
// application from where to where, and who may fire it. Finer checks (only
// the owner, only the claiming reviewer, ≥ 24 h ahead) are the service's.
var machine = map[Event]rule{
	EvSubmit:               {[]Status{Draft, InfoRequested}, Submitted, []auth.Role{auth.Merchant}},
	EvWithdraw:             {[]Status{Draft, Submitted, InfoRequested}, Withdrawn, []auth.Role{auth.Merchant}},
	EvClaim:                {[]Status{Submitted}, InReview, []auth.Role{auth.Reviewer}},
	EvRelease:              {[]Status{InReview}, Submitted, []auth.Role{auth.Reviewer, auth.Admin}},
	EvRequestInfo:          {[]Status{InReview}, InfoRequested, []auth.Role{auth.Reviewer}},
	EvReject:               {[]Status{InReview}, Rejected, []auth.Role{auth.Reviewer}},
	EvApprove:              {[]Status{InReview}, Approved, []auth.Role{auth.Reviewer}},
	EvFirstApproval:        {[]Status{InReview}, Submitted, []auth.Role{auth.Reviewer}},
	EvSignContract:         {[]Status{Approved}, ContractSigned, []auth.Role{auth.Merchant}},
	EvBookInstallation:     {[]Status{ContractSigned}, InstallationScheduled, []auth.Role{auth.Merchant, auth.Admin}},
	EvCancelInstallation:   {[]Status{InstallationScheduled}, ContractSigned, []auth.Role{auth.Merchant, auth.Admin}},
	EvCompleteInstallation: {[]Status{InstallationScheduled}, Installed, []auth.Role{auth.Installer}},
	EvCompleteTraining:     {[]Status{Installed}, Active, []auth.Role{auth.Installer, auth.Admin}},
}

// Allowed reports whether ev may fire from status for role; pages use it to
// offer only the buttons that would work.
func Allowed(ev Event, from Status, role auth.Role) bool {
	r, ok := machine[ev]
	return ok && contains(r.from, from) && contains(r.roles, role)
}

// change is one transition's extra column updates and history details.
type change struct {
	set        []assign
	reasonCode string
	comment    string
	requested  string // JSON
	snapshot   string // JSON of the fields at submit
}

type assign struct {
	column string
	value  any
}

// transition moves a from its current status by ev, inside tx: a
// conditional update (a lost race changes nothing and answers 409), the
// history row and the audit event. a is updated to the new status.
func (s *Service) transition(ctx context.Context, tx *db.Tx, a *Application, ev Event, actor auth.User, ip string, c change) error {
	r, ok := machine[ev]
	if !ok {
		return fmt.Errorf("onboarding: unknown event %q", ev)
	}
	if !contains(r.roles, actor.Role) {
		return apperr.ErrForbidden
	}
	if !contains(r.from, a.Status) {
		return &apperr.Error{Code: apperr.Conflict, Key: "application.wrong_status"}
	}
	now := s.now().UTC()
	cols := []string{"status = ?", "updated_at = ?"}
	args := []any{r.to, now}
	for _, as := range c.set {
		cols = append(cols, as.column+" = ?")
		args = append(args, as.value)
	}
	args = append(args, a.ID, a.Status)
	res, err := tx.Exec(ctx, `UPDATE applications SET `+strings.Join(cols, ", ")+` WHERE id = ? AND status = ?`, args...)
	if err != nil {
		return fmt.Errorf("transition %s: %w", ev, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return &apperr.Error{Code: apperr.Conflict, Key: "application.changed_meanwhile"}
	}
	requested := c.requested
	if requested == "" {
		requested = "{}"
	}
	_, err = tx.Exec(ctx, `INSERT INTO application_events
		(application_id, merchant_id, actor_id, event, from_status, to_status, reason_code, comment, requested, snapshot, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.MerchantID, actor.ID, ev, a.Status, r.to, c.reasonCode, c.comment, requested, c.snapshot, now)
	if err != nil {
		return fmt.Errorf("history %s: %w", ev, err)
	}
	err = audit.Record(ctx, tx, now, audit.Event{
		ActorID: &actor.ID, Action: "application." + string(ev), EntityType: "application", EntityID: &a.ID,
		MerchantID: &a.MerchantID, IP: ip,
		Detail: map[string]any{"from": a.Status, "to": r.to, "reason_code": c.reasonCode, "comment": c.comment},
	})
	if err != nil {
		return err
	}
	// Re-read so the caller sees every column the transition set.
	if err := tx.Get(ctx, a, `SELECT `+applicationColumns+` FROM applications WHERE id = ?`, a.ID); err != nil {
		return fmt.Errorf("reload after %s: %w", ev, err)
	}
	return s.emitTransition(ctx, tx, now, ev, *a)
}
