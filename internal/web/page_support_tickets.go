package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/scheduling"
	"posportal/support"
)

type ticketsData struct {
	Tickets  []support.Ticket
	Statuses []support.TicketStatus
	Status   string
	Now      time.Time
}

// ticketsPage is "my tickets" for a merchant, the assigned work for an
// installer and the queue for admins.
func (s *Server) ticketsPage(c *gin.Context) {
	st := c.Query("status")
	ts, err := s.Support.Tickets(c.Request.Context(), *currentUser(c), support.TicketFilter{Status: support.TicketStatus(st)})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "support_tickets", s.page(c, "support.tickets.title",
		ticketsData{Tickets: ts, Statuses: support.TicketStatuses, Status: st, Now: time.Now()}))
}

type ticketData struct {
	Ticket     support.Ticket
	Comments   []support.Comment
	Diagnosis  *diagnosisJSON
	Installers []auth.User
	// Actions are the status changes the viewer may make now.
	Actions               []support.TicketStatus
	CanAssign, CanComment bool
	// RepairVisits are the on-site repair visits booked for the ticket;
	// CanBookRepair offers the booking page to staff and the assignee.
	RepairVisits  []scheduling.Appointment
	CanBookRepair bool
	Now           time.Time
}

func (s *Server) ticketPage(c *gin.Context) { s.renderTicket(c, http.StatusOK, Form{}) }

func (s *Server) renderTicket(c *gin.Context, status int, f Form) {
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
	d := ticketData{Ticket: t, Now: time.Now(), CanComment: t.Status != support.TicketClosed}
	if d.Comments, err = s.Support.Comments(ctx, u, id); err != nil {
		s.fail(c, err)
		return
	}
	if t.SessionID != nil {
		ss, err := s.Support.TicketSession(ctx, u, t)
		if err != nil {
			s.fail(c, err)
			return
		}
		v := toDiagnosisJSON(ss, langOf(c))
		d.Diagnosis = &v
	}
	if support.TicketAllowed(support.EvAssign, t.Status, u.Role) {
		d.CanAssign = true
		if d.Installers, err = s.Support.Installers(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	if err := s.ticketRepair(c, u, &d); err != nil {
		s.fail(c, err)
		return
	}
	for _, to := range []struct {
		ev support.TicketEvent
		to support.TicketStatus
	}{{support.EvStart, support.TicketInProgress}, {support.EvReopen, support.TicketInProgress},
		{support.EvResolve, support.TicketResolved}, {support.EvClose, support.TicketClosed}} {
		if support.TicketAllowed(to.ev, t.Status, u.Role) {
			d.Actions = append(d.Actions, to.to)
		}
	}
	s.render.render(c, status, "support_ticket", s.formPage(c, "support.ticket.title", d, f))
}

func (s *Server) ticketBack(c *gin.Context, id int64, err error, flash string) {
	if e := apperr.As(err); e != nil && (e.Code == apperr.Conflict || e.Code == apperr.Validation) {
		s.renderTicket(c, statusFor(err), Form{Error: asUserError(err), Errors: e.Fields})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
}

func (s *Server) ticketCommentSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Support.AddComment(c.Request.Context(), *currentUser(c), id, c.PostForm("body"), c.ClientIP())
	s.ticketBack(c, id, err, "support.flash.comment_added")
}

func (s *Server) ticketStatusSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Support.SetTicketStatus(c.Request.Context(), *currentUser(c), id, support.TicketStatus(c.PostForm("status")), c.ClientIP())
	s.ticketBack(c, id, err, "support.flash.ticket_updated")
}

func (s *Server) ticketAssignSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	a := support.Assignment{Assignee: c.PostForm("assignee")}
	a.InstallerID, _ = strconv.ParseInt(c.PostForm("installer_id"), 10, 64)
	_, err = s.Support.Assign(c.Request.Context(), *currentUser(c), id, a, c.ClientIP())
	s.ticketBack(c, id, err, "support.flash.ticket_assigned")
}
