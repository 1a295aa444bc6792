package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/support"
	"posportal/support/knowledge"
)

// ticketJSON is a ticket with its comments and, when it came from the
// flow, its diagnosis and transcript.
type ticketJSON struct {
	support.TicketView
	Comments  []support.Comment `json:"comments,omitempty"`
	Diagnosis *diagnosisJSON    `json:"diagnosis,omitempty"`
}

func (s *Server) toTicketJSON(t support.Ticket) ticketJSON {
	return ticketJSON{TicketView: support.TicketViewOf(t, time.Now())}
}

func (s *Server) apiListTickets(c *gin.Context) {
	ts, err := s.Support.Tickets(c.Request.Context(), *currentUser(c), support.TicketFilter{Status: support.TicketStatus(c.Query("status"))})
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]ticketJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, s.toTicketJSON(t))
	}
	c.JSON(http.StatusOK, gin.H{"tickets": out})
}

func (s *Server) apiOpenTicket(c *gin.Context) {
	var req struct {
		DeviceID int64              `json:"device_id"`
		Summary  string             `json:"summary"`
		Priority knowledge.Priority `json:"priority"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.Support.OpenTicket(c.Request.Context(), *currentUser(c), req.DeviceID, req.Summary, req.Priority, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, s.toTicketJSON(t))
}

func (s *Server) apiGetTicket(c *gin.Context) {
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
	j := s.toTicketJSON(t)
	if j.Comments, err = s.Support.Comments(ctx, u, id); err != nil {
		s.fail(c, err)
		return
	}
	if t.SessionID != nil {
		ss, err := s.Support.TicketSession(ctx, u, t)
		if err != nil {
			s.fail(c, err)
			return
		}
		d := toDiagnosisJSON(ss, langOf(c))
		j.Diagnosis = &d
	}
	c.JSON(http.StatusOK, j)
}

func (s *Server) apiAssignTicket(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var a support.Assignment
	if err := decodeJSON(c, &a); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.Support.Assign(c.Request.Context(), *currentUser(c), id, a, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.toTicketJSON(t))
}

func (s *Server) apiCommentTicket(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	cm, err := s.Support.AddComment(c.Request.Context(), *currentUser(c), id, req.Body, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, cm)
}

func (s *Server) apiTicketStatus(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Status support.TicketStatus `json:"status"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.Support.SetTicketStatus(c.Request.Context(), *currentUser(c), id, req.Status, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.toTicketJSON(t))
}
