package scheduling

import (
	"context"

	"posportal/internal/db"
	"posportal/webhooks"
)

// emitAppointment writes an appointment webhook event in tx, the
// transaction that booked or completed it, with the appointment as the
// API shows it after the change.
func (s *Service) emitAppointment(ctx context.Context, tx *db.Tx, typ webhooks.Type, id int64) error {
	ap, err := s.appointment(ctx, tx, id)
	if err != nil {
		return err
	}
	return webhooks.Emit(ctx, tx, s.now(), typ, ap)
}
