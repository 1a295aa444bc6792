package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/i18n"
	"posportal/internal/shanghai"
	"posportal/scheduling"
)

// slotsBody is §11's slot list.
type slotsBody struct {
	Slots []scheduling.Slot `json:"slots"`
}

// bookingConflict is the §8 error body plus the fresh slot list a lost
// booking race answers with (an additive field).
type bookingConflict struct {
	Error struct {
		apiErrorBody
		Slots []scheduling.Slot `json:"slots"`
	} `json:"error"`
}

// failBooking answers a lost slot with 409 and fresh slots; any other
// error goes through the one mapping.
func (s *Server) failBooking(c *gin.Context, err error) {
	var taken *scheduling.SlotTakenError
	if !errors.As(err, &taken) || !isAPI(c) {
		s.fail(c, err)
		return
	}
	var body bookingConflict
	body.Error.Code = string(apperr.Conflict)
	body.Error.Message = i18n.T(langOf(c), "scheduling.error.slot_taken")
	body.Error.Slots = taken.Slots
	c.JSON(http.StatusConflict, body)
}

// slotQuery reads kind, from (YYYY-MM-DD in Asia/Shanghai, default today)
// and days (default and maximum: the horizon).
func slotQuery(c *gin.Context) (scheduling.Kind, time.Time, int, error) {
	kind := scheduling.Installation
	if v := c.Query("kind"); v != "" {
		k, err := scheduling.ParseKind(v)
		if err != nil {
			return "", time.Time{}, 0, err
		}
		kind = k
	}
	from := time.Now().In(shanghai.Location)
	if v := c.Query("from"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, shanghai.Location)
		if err != nil {
			return "", time.Time{}, 0, apperr.Fields(map[string]string{"from": "scheduling.field.from"})
		}
		from = t
	}
	days := 0
	if v := c.Query("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 31 {
			return "", time.Time{}, 0, apperr.Fields(map[string]string{"days": "scheduling.field.days"})
		}
		days = n
	}
	return kind, from, days, nil
}

func (s *Server) apiSlots(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	kind, from, days, err := slotQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	slots, err := s.Scheduling.Slots(c.Request.Context(), *currentUser(c), id, kind, from, days)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, slotsBody{Slots: slots})
}

// bookRequest is §11's booking body.
type bookRequest struct {
	Kind  string    `json:"kind"`
	Start time.Time `json:"start"`
}

func (s *Server) apiBook(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req bookRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	kind, err := scheduling.ParseKind(req.Kind)
	if err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Book(c.Request.Context(), *currentUser(c), id, kind, req.Start, c.ClientIP())
	if err != nil {
		s.failBooking(c, err)
		return
	}
	c.JSON(http.StatusCreated, ap)
}

func (s *Server) apiApplicationAppointments(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.Scheduling.ForApplication(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []scheduling.Appointment{}
	}
	c.JSON(http.StatusOK, gin.H{"appointments": list})
}

func (s *Server) apiAppointment(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Appointment(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ap)
}

func (s *Server) apiCancelAppointment(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Cancel(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ap)
}

// rescheduleRequest moves an appointment to a new start.
type rescheduleRequest struct {
	Start time.Time `json:"start"`
}

func (s *Server) apiRescheduleAppointment(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req rescheduleRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Reschedule(c.Request.Context(), *currentUser(c), id, req.Start, c.ClientIP())
	if err != nil {
		s.failBooking(c, err)
		return
	}
	c.JSON(http.StatusOK, ap)
}

func (s *Server) apiMyAppointments(c *gin.Context) {
	_, from, days, err := slotQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if days == 0 {
		days = 7
	}
	list, err := s.Scheduling.Agenda(c.Request.Context(), *currentUser(c), from, days)
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []scheduling.Visit{}
	}
	c.JSON(http.StatusOK, gin.H{"appointments": list})
}

// apiNotifications lists the signed-in user's in-app notifications
// (appointment reminders).
func (s *Server) apiNotifications(c *gin.Context) {
	list, err := s.Scheduling.Notifications(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []scheduling.Notification{} // §16: an empty list is [], never null
	}
	c.JSON(http.StatusOK, gin.H{"notifications": list})
}
