package scheduling

import (
	"context"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/onboarding"
)

func (s *Service) record(ctx context.Context, tx *db.Tx, actor auth.User, ip, action string, id, merchantID int64, detail map[string]any) error {
	return audit.Record(ctx, tx, s.now().UTC(), audit.Event{ActorID: &actor.ID, Action: action,
		EntityType: "appointment", EntityID: &id, MerchantID: &merchantID, IP: ip, Detail: detail})
}

// changeable loads a booked appointment the merchant (until the lead time
// before it) or an admin (any time) may move or cancel.
func (s *Service) changeable(ctx context.Context, tx *db.Tx, actor auth.User, id int64) (Appointment, error) {
	ap, err := s.visible(ctx, tx, actor, id)
	if err != nil {
		return ap, err
	}
	if actor.Role != auth.Merchant && actor.Role != auth.Admin {
		return Appointment{}, apperr.ErrForbidden
	}
	if ap.Status != StatusBooked {
		return Appointment{}, &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.not_booked"}
	}
	if actor.Role == auth.Merchant && ap.Start.Before(s.now().Add(s.rules.LeadTime)) {
		return Appointment{}, &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.too_late"}
	}
	return ap, nil
}

// Cancel cancels a booked appointment, freeing its slot and withdrawing
// its reminders; cancelling an installation moves the application back to
// contract_signed.
func (s *Service) Cancel(ctx context.Context, actor auth.User, id int64, ip string) (Appointment, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ap, err := s.changeable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if err := s.cancelRow(ctx, tx, ap.ID); err != nil {
			return err
		}
		if ap.Kind.installs() {
			if _, err := s.onb.FireInTx(ctx, tx, ap.ApplicationID, onboarding.EvCancelInstallation, actor, ip); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, actor, ip, "scheduling.appointment.cancel", ap.ID, ap.MerchantID,
			map[string]any{"kind": ap.Kind, "start": ap.Start})
	})
	if err != nil {
		return Appointment{}, err
	}
	return s.visible(ctx, s.db, actor, id)
}

// cancelRow marks a booked appointment cancelled (bumping its iCal
// SEQUENCE) and withdraws its reminders.
func (s *Service) cancelRow(ctx context.Context, tx *db.Tx, id int64) error {
	now := s.now().UTC()
	res, err := tx.Exec(ctx, `UPDATE sched_appointments SET status = ?, sequence = sequence + 1, cancelled_at = ?, updated_at = ?
		WHERE id = ? AND status = ?`, StatusCancelled, now, now, id, StatusBooked)
	if err != nil {
		return fmt.Errorf("cancel appointment: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.not_booked"}
	}
	return s.withdrawReminders(ctx, tx, id)
}

// Reschedule moves a booked appointment to start. The same installer keeps
// it when free (same iCal UID, SEQUENCE bumped); otherwise another
// installer serving the district takes it as a new appointment and the
// old one is cancelled, so each installer's calendar stays truthful.
// Reminders are withdrawn and scheduled again for the new time.
func (s *Service) Reschedule(ctx context.Context, actor auth.User, id int64, start time.Time, ip string) (Appointment, error) {
	var app onboarding.Application
	var kind Kind
	newID := id
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ap, err := s.changeable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		kind = ap.Kind
		if app, err = s.onb.LoadInTx(ctx, tx, ap.ApplicationID); err != nil {
			return err
		}
		if err := s.checkStart(start); err != nil {
			return err
		}
		if err := s.checkWorkingHours(ctx, tx, app, start, ap.End.Sub(ap.Start)); err != nil {
			return err
		}
		dur := ap.End.Sub(ap.Start)
		inst, err := s.pickInstaller(ctx, tx, app, start, dur, ap.InstallerID, ap.ID)
		if err != nil {
			return err
		}
		if inst == ap.InstallerID {
			now := s.now().UTC()
			if _, err := tx.Exec(ctx, `UPDATE sched_appointments SET starts_at = ?, ends_at = ?, sequence = sequence + 1, updated_at = ?
				WHERE id = ?`, start.UTC(), start.Add(dur).UTC(), now, ap.ID); err != nil {
				return fmt.Errorf("reschedule: %w", err)
			}
			if err := s.withdrawReminders(ctx, tx, ap.ID); err != nil {
				return err
			}
			if err := s.scheduleReminders(ctx, tx, ap.ID, app, start); err != nil {
				return err
			}
		} else {
			if err := s.cancelRow(ctx, tx, ap.ID); err != nil {
				return err
			}
			if newID, err = s.insertAppointment(ctx, tx, app, inst, ap.Kind, start, dur); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, actor, ip, "scheduling.appointment.reschedule", newID, ap.MerchantID,
			map[string]any{"from": ap.Start, "to": start.UTC(), "installer_id": inst, "previous_id": ap.ID})
	})
	if errors.Is(err, errNoInstaller) {
		return Appointment{}, s.taken(ctx, app, kind, start, id)
	}
	if err != nil {
		return Appointment{}, err
	}
	return s.visible(ctx, s.db, actor, newID)
}

// RescheduleSlots lists the times a booked appointment could move to; its
// own current time does not count as taken.
func (s *Service) RescheduleSlots(ctx context.Context, actor auth.User, id int64) ([]Slot, error) {
	ap, err := s.visible(ctx, s.db, actor, id)
	if err != nil {
		return nil, err
	}
	app, err := s.onb.LoadInTx(ctx, s.db, ap.ApplicationID)
	if err != nil {
		return nil, err
	}
	return s.slotsFor(ctx, s.db, app, ap.Kind, s.now(), 0, ap.ID)
}
