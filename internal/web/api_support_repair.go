package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/scheduling"
)

// repairVisitRequest books a repair visit for a ticket.
type repairVisitRequest struct {
	Start time.Time `json:"start"`
}

// apiRepairSlots lists the times the ticket's installer can come; query
// from (YYYY-MM-DD) and days as for installation slots.
func (s *Server) apiRepairSlots(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, from, days, err := slotQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	slots, err := s.repairSlots(c.Request.Context(), *currentUser(c), id, from, days)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, slotsBody{Slots: slots})
}

// apiBookRepair books the visit: 201 with the appointment, 409 with fresh
// slots when the time was taken meanwhile.
func (s *Server) apiBookRepair(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req repairVisitRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.bookRepair(c.Request.Context(), *currentUser(c), id, req.Start, c.ClientIP())
	if err != nil {
		s.failBooking(c, err)
		return
	}
	c.JSON(http.StatusCreated, ap)
}

// apiRepairVisits lists the repair visits of a ticket the user may see.
func (s *Server) apiRepairVisits(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if _, err := s.Support.Ticket(ctx, *currentUser(c), id); err != nil {
		s.fail(c, err)
		return
	}
	visits, err := s.Scheduling.RepairVisits(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if visits == nil {
		visits = []scheduling.Appointment{}
	}
	c.JSON(http.StatusOK, gin.H{"appointments": visits})
}
