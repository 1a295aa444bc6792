package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/onboarding"
	"posportal/scheduling"
)

type scheduleCancelData struct {
	App         onboarding.Application
	Appointment scheduling.Appointment
}

// scheduleCancelConfirm asks before a visit is cancelled: the cancel
// button leads here, and only this page's form (confirm=yes) cancels, so
// one stray click never gives the slot away, with or without JavaScript.
func (s *Server) scheduleCancelConfirm(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	id, err := pathID(c, "appt")
	if err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Appointment(c.Request.Context(), *currentUser(c), id)
	if err == nil && ap.ApplicationID != a.ID {
		err = apperr.ErrNotFound
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "schedule_cancel", s.page(c, "schedule.cancel_confirm.title",
		scheduleCancelData{App: a, Appointment: ap}))
}

// cancelConfirmURL is the confirmation page of appointment appt.
func cancelConfirmURL(appID, appt int64) string {
	return fmt.Sprintf("/applications/%d/appointments/%d/cancel", appID, appt)
}
