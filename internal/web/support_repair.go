package web

import (
	"context"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/scheduling"
)

// repairTicket asks support whether ticket id needs an on-site repair the
// actor may see (another's ticket is 404, one not assigned to an installer
// 409) and hands scheduling what it needs to book it.
func (s *Server) repairTicket(ctx context.Context, u auth.User, id int64) (scheduling.RepairTicket, error) {
	v, err := s.Support.RepairVisitFor(ctx, u, id)
	if err != nil {
		return scheduling.RepairTicket{}, err
	}
	return scheduling.RepairTicket{TicketID: v.TicketID, MerchantID: v.MerchantID, InstallerUserID: v.InstallerID}, nil
}

// repairSlots lists the assigned installer's free repair times.
func (s *Server) repairSlots(ctx context.Context, u auth.User, id int64, from time.Time, days int) ([]scheduling.Slot, error) {
	rt, err := s.repairTicket(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return s.Scheduling.RepairSlots(ctx, u, rt, from, days)
}

// bookRepair books the repair visit for ticket id at start; the ticket
// moves to in_progress in the booking's transaction.
func (s *Server) bookRepair(ctx context.Context, u auth.User, id int64, start time.Time, ip string) (scheduling.Appointment, error) {
	rt, err := s.repairTicket(ctx, u, id)
	if err != nil {
		return scheduling.Appointment{}, err
	}
	return s.Scheduling.BookRepair(ctx, u, rt, start, ip, func(tx *db.Tx, appointmentID int64) error {
		return s.Support.RepairBookedInTx(ctx, tx, u, id, rt.InstallerUserID, appointmentID, start, ip)
	})
}
