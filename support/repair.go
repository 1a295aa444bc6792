package support

import (
	"context"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// RepairBookedInTx records, inside the booking's transaction, that an
// on-site repair visit was booked for ticket id: an assigned ticket moves
// to in_progress through the state machine (audited with the visit); one
// already in progress (a visit booked again after a cancellation) gets an
// audit event only. A ticket reassigned or resolved meanwhile answers 409
// and the booking rolls back with it.
func (s *Service) RepairBookedInTx(ctx context.Context, tx *db.Tx, actor auth.User, id, installerUserID, appointmentID int64,
	start time.Time, ip string) error {
	t, err := s.ticket(ctx, tx, actor, id)
	if err != nil {
		return err
	}
	if t.AssigneeKind != "installer" || t.AssigneeUserID == nil || *t.AssigneeUserID != installerUserID {
		return apperr.New(apperr.Conflict, "support.error.not_repair")
	}
	detail := map[string]any{"appointment_id": appointmentID, "start": start.UTC()}
	switch t.Status {
	case TicketAssigned:
		return s.transition(ctx, tx, actor, t, EvStart, ip, detail, "")
	case TicketInProgress:
		return record(ctx, tx, s.now().UTC(), &actor, ip, "support.ticket.repair_booked", "ticket", t.ID, &t.MerchantID, detail)
	default:
		return apperr.New(apperr.Conflict, "support.error.not_repair")
	}
}
