package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/internal/shanghai"
	"posportal/scheduling"
	"posportal/support"
)

// repairPageData is the repair booking page: the ticket, the days with
// free times of its installer and the times of the chosen day.
type repairPageData struct {
	Ticket       support.Ticket
	Installer    string // the assignee's name
	RepairVisits []scheduling.Appointment
	// Booked is set when a visit is already booked: no second one.
	Booked bool
	Days   []scheduleDay
	Times  []scheduling.Slot
}

func ticketURL(id int64) string { return "/tickets/" + strconv.FormatInt(id, 10) }

func (s *Server) repairPage(c *gin.Context) { s.renderRepair(c, http.StatusOK, Form{}) }

// renderRepair shows the installer's free repair times day by day, like
// the merchant's booking page; without JS a day is a link, a time a
// button of one form.
func (s *Server) renderRepair(c *gin.Context, status int, f Form) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx, u := c.Request.Context(), *currentUser(c)
	t, err := s.Support.Ticket(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := repairPageData{Ticket: t}
	if t.AssigneeName != nil {
		d.Installer = *t.AssigneeName
	}
	if d.RepairVisits, err = s.Scheduling.RepairVisits(ctx, id); err != nil {
		s.fail(c, err)
		return
	}
	for _, v := range d.RepairVisits {
		d.Booked = d.Booked || v.Status == scheduling.StatusBooked
	}
	var slots []scheduling.Slot
	if !d.Booked {
		if slots, err = s.repairSlots(ctx, u, id, time.Now(), 0); err != nil {
			s.fail(c, err)
			return
		}
	}
	chosen := c.Query("day")
	byDay := map[string]int{}
	var order []string
	for _, sl := range slots {
		day := sl.Start.In(shanghai.Location).Format(time.DateOnly)
		if byDay[day] == 0 {
			order = append(order, day)
		}
		byDay[day]++
	}
	if byDay[chosen] == 0 && len(order) > 0 {
		chosen = order[0]
	}
	for _, day := range order {
		dt, _ := time.ParseInLocation(time.DateOnly, day, shanghai.Location)
		d.Days = append(d.Days, scheduleDay{Date: day, Day: dt, Count: byDay[day], Selected: day == chosen})
	}
	for _, sl := range slots {
		if sl.Start.In(shanghai.Location).Format(time.DateOnly) == chosen {
			d.Times = append(d.Times, sl)
		}
	}
	s.render.render(c, status, "support_repair", s.formPage(c, "repair.title", d, f))
}

// repairBook books the chosen time; a lost or refused time re-renders the
// page with fresh times, success goes back to the ticket.
func (s *Server) repairBook(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	start, err := formStart(c)
	if err == nil {
		_, err = s.bookRepair(c.Request.Context(), *currentUser(c), id, start, c.ClientIP())
	}
	var taken *scheduling.SlotTakenError
	if errors.As(err, &taken) || asUserError(err) != "" {
		s.renderRepair(c, statusFor(err), Form{Error: asUserError(err)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "repair.flash.booked")
	c.Redirect(http.StatusSeeOther, ticketURL(id))
}

// ticketRepair fills the ticket page's repair visits and whether the
// viewer may book one: an admin or the assigned installer, for a ticket
// routed to on-site repair and still being worked, with no visit booked.
func (s *Server) ticketRepair(c *gin.Context, u auth.User, d *ticketData) error {
	t := d.Ticket
	if t.AssigneeKind != "installer" || s.Scheduling == nil {
		return nil
	}
	visits, err := s.Scheduling.RepairVisits(c.Request.Context(), t.ID)
	if err != nil {
		return err
	}
	d.RepairVisits = visits
	booked := false
	for _, v := range visits {
		booked = booked || v.Status == scheduling.StatusBooked
	}
	staff := u.Role == auth.Admin || (u.Role == auth.Installer && t.AssigneeUserID != nil && *t.AssigneeUserID == u.ID)
	d.CanBookRepair = staff && !booked && (t.Status == support.TicketAssigned || t.Status == support.TicketInProgress)
	return nil
}
