package scheduling

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/webhooks"
)

// RepairTicket is what a support ticket tells scheduling about the on-site
// repair it needs (§6 "on-site repair is booked through §5"). The caller
// has checked that the actor may see the ticket and that it is assigned
// to InstallerUserID for an on-site repair.
type RepairTicket struct {
	TicketID        int64
	MerchantID      int64
	InstallerUserID int64
}

// repairTarget resolves where and by whom a repair visit happens: the
// merchant's application gives the shop and its district, the ticket's
// assignee is the installer. Only admins and the
// assigned installer book repairs.
func (s *Service) repairTarget(ctx context.Context, q db.Querier, actor auth.User, rt RepairTicket) (onboarding.Application, int64, error) {
	switch {
	case actor.Role == auth.Admin:
	case actor.Role == auth.Installer && actor.ID == rt.InstallerUserID:
	case actor.Role == auth.Installer:
		return onboarding.Application{}, 0, apperr.ErrNotFound
	default:
		return onboarding.Application{}, 0, apperr.ErrForbidden
	}
	var installer int64
	err := q.Get(ctx, &installer, `SELECT id FROM sched_installers WHERE user_id = ? AND active = ?`, rt.InstallerUserID, true)
	if errors.Is(err, sql.ErrNoRows) {
		return onboarding.Application{}, 0, apperr.New(apperr.Conflict, "scheduling.error.repair_no_profile")
	}
	if err != nil {
		return onboarding.Application{}, 0, fmt.Errorf("repair installer: %w", err)
	}
	// The shop's vetted address comes from an approved application,
	// preferring an installed or active one. The ticket's device is what
	// makes a repair meaningful, and devices may be imported by an admin
	// before the portal records their installation, so an approved shop
	// with a registered device is repaired too.
	var appID int64
	err = q.Get(ctx, &appID, `SELECT id FROM applications WHERE merchant_id = ? AND status IN (?, ?, ?, ?, ?)
		ORDER BY CASE WHEN status IN (?, ?) THEN 0 ELSE 1 END, id DESC LIMIT 1`,
		rt.MerchantID, onboarding.Approved, onboarding.ContractSigned, onboarding.InstallationScheduled, onboarding.Installed,
		onboarding.Active, onboarding.Installed, onboarding.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return onboarding.Application{}, 0, apperr.New(apperr.Conflict, "scheduling.error.repair_no_shop")
	}
	if err != nil {
		return onboarding.Application{}, 0, fmt.Errorf("repair shop: %w", err)
	}
	a, err := s.onb.LoadInTx(ctx, q, appID)
	return a, installer, err
}

// repairPlan is the assigned installer's plan for the shop's district, or
// nil when they do not serve it (then no time is offered).
func (s *Service) repairPlan(ctx context.Context, q db.Querier, a onboarding.Application, installer int64, from, to time.Time) (*plan, error) {
	plans, err := s.plans(ctx, q, a.City, a.District, from, to, 0)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if p.id == installer {
			return p, nil
		}
	}
	return nil, nil
}

// RepairSlots lists the times the ticket's installer can visit the
// merchant's shop for a repair, on days days from from's local day.
func (s *Service) RepairSlots(ctx context.Context, actor auth.User, rt RepairTicket, from time.Time, days int) ([]Slot, error) {
	a, installer, err := s.repairTarget(ctx, s.db, actor, rt)
	if err != nil {
		return nil, err
	}
	return s.repairSlots(ctx, s.db, a, installer, from, days)
}

func (s *Service) repairSlots(ctx context.Context, q db.Querier, a onboarding.Application, installer int64, from time.Time, days int) ([]Slot, error) {
	if days < 1 || days > int(s.rules.Horizon/(24*time.Hour)) {
		days = int(s.rules.Horizon / (24 * time.Hour))
	}
	l := from.In(shanghai.Location)
	start := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, shanghai.Location)
	end := start.AddDate(0, 0, days)
	p, err := s.repairPlan(ctx, q, a, installer, start, end)
	if err != nil || p == nil {
		return []Slot{}, err
	}
	return search([]*plan{p}, Duration(Repair, 1), start, end, s.now(), s.rules), nil
}

// BookRepair books the ticket's installer for a repair visit at start and
// links the appointment to the ticket. Race safety is Book's: on
// PostgreSQL the installer's row is locked FOR UPDATE before their visits
// are re-read, on SQLite the write transaction is serialized; a second
// booked visit for the same ticket is refused by a unique index. booked
// runs in the same transaction (support moves the ticket along there), so
// the visit and the ticket change commit together or not at all. No
// application state changes: the shop is already installed.
func (s *Service) BookRepair(ctx context.Context, actor auth.User, rt RepairTicket, start time.Time, ip string,
	booked func(tx *db.Tx, appointmentID int64) error) (Appointment, error) {
	var id, installer int64
	var app onboarding.Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, inst, err := s.repairTarget(ctx, tx, actor, rt)
		if err != nil {
			return err
		}
		app, installer = a, inst
		if err := s.checkStart(start); err != nil {
			return err
		}
		var open int
		if err := tx.Get(ctx, &open, `SELECT COUNT(*) FROM sched_appointments WHERE ticket_id = ? AND status = ?`,
			rt.TicketID, StatusBooked); err != nil {
			return fmt.Errorf("repair visits: %w", err)
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "scheduling.error.repair_booked")
		}
		if tx.Dialect == db.Postgres {
			var locked int64
			if err := tx.Get(ctx, &locked, `SELECT id FROM sched_installers WHERE id = ? FOR UPDATE`, inst); err != nil {
				return fmt.Errorf("lock installer: %w", err)
			}
		}
		dur := Duration(Repair, 1)
		p, err := s.repairPlan(ctx, tx, a, inst, start, start.Add(dur))
		if err != nil {
			return err
		}
		if p == nil || !p.free(start, start.Add(dur), s.rules) {
			return errNoInstaller
		}
		if id, err = s.insertAppointment(ctx, tx, a, inst, Repair, start, dur); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sched_appointments SET ticket_id = ? WHERE id = ?`, rt.TicketID, id); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "scheduling.error.repair_booked")
			}
			return fmt.Errorf("link repair visit: %w", err)
		}
		if booked != nil {
			if err := booked(tx, id); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx, actor, ip, "scheduling.appointment.book", id, a.MerchantID,
			map[string]any{"kind": Repair, "start": start.UTC(), "installer_id": inst, "ticket_id": rt.TicketID}); err != nil {
			return err
		}
		return s.emitAppointment(ctx, tx, webhooks.AppointmentBooked, id)
	})
	if errors.Is(err, errNoInstaller) {
		slots, serr := s.repairSlots(ctx, s.db, app, installer, s.now().Add(s.rules.LeadTime), 0)
		if serr != nil {
			return Appointment{}, serr
		}
		return Appointment{}, &SlotTakenError{Slots: slots}
	}
	if err != nil {
		return Appointment{}, err
	}
	return s.appointment(ctx, s.db, id)
}

// RepairVisits lists the repair visits booked for a ticket, newest first.
// The caller has checked that the actor may see the ticket.
func (s *Service) RepairVisits(ctx context.Context, ticketID int64) ([]Appointment, error) {
	var out []Appointment
	if err := s.db.Select(ctx, &out, appointmentSelect+` WHERE a.ticket_id = ? ORDER BY a.starts_at DESC, a.id DESC`, ticketID); err != nil {
		return nil, fmt.Errorf("repair visits: %w", err)
	}
	for i := range out {
		out[i].InstallerBrief = InstallerBrief{Name: out[i].InstallerName}
	}
	return out, nil
}
