package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/support"
)

type sessionData struct {
	Session support.Session
	Device  support.Device
	// Steps pairs each transcript entry with its question and answer.
	Steps []transcriptJSON
	View  diagnosisJSON
	// TicketNumber names the ticket a not-resolved outcome opened.
	TicketNumber string
}

// troubleshootSubmit starts a session for one of the merchant's devices.
func (s *Server) troubleshootSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ss, err := s.Support.StartSession(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/support/sessions/"+strconv.FormatInt(ss.ID, 10))
}

// sessionPage shows where a session stands: one question at a time, or the
// diagnosis with its outcome buttons. It always shows the current step, so
// the browser's back and forward buttons and a later visit resume it.
func (s *Server) sessionPage(c *gin.Context) { s.renderSession(c, http.StatusOK, Form{}) }

func (s *Server) renderSession(c *gin.Context, status int, f Form) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx, u := c.Request.Context(), *currentUser(c)
	ss, err := s.Support.Session(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	dev, err := s.Support.Device(ctx, u, ss.DeviceID)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := toDiagnosisJSON(ss, langOf(c))
	data := sessionData{Session: ss, Device: dev, Steps: v.Transcript, View: v}
	if ss.TicketID != nil {
		data.TicketNumber = support.Ticket{ID: *ss.TicketID}.Number()
	}
	c.Header("Cache-Control", "no-store") // back/forward re-fetches the current step
	s.render.render(c, status, "support_session", s.formPage(c, "support.session.title", data, f))
}

// sessionAnswerSubmit records an answer. The form carries the question it
// answers: a form re-posted from the history after the flow moved on
// returns to the current step with a notice instead of changing anything.
func (s *Server) sessionAnswerSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	back := "/support/sessions/" + strconv.FormatInt(id, 10)
	node, option := c.PostForm("node"), c.PostForm("option")
	if node == "" {
		s.setFlash(c, "support.error.stale_step")
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	_, err = s.Support.Answer(c.Request.Context(), *currentUser(c), id, node, option, c.ClientIP())
	switch e := apperr.As(err); {
	case err == nil:
		c.Redirect(http.StatusSeeOther, back)
	case e != nil && e.Code == apperr.Conflict:
		s.setFlash(c, e.Key)
		c.Redirect(http.StatusSeeOther, back)
	case e != nil && e.Code == apperr.Validation:
		s.renderSession(c, http.StatusUnprocessableEntity, Form{Errors: e.Fields, Error: "support.field.option"})
	default:
		s.fail(c, err)
	}
}

func (s *Server) sessionOutcomeSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	back := "/support/sessions/" + strconv.FormatInt(id, 10)
	resolved := c.PostForm("resolved") == "yes"
	ss, err := s.Support.Outcome(c.Request.Context(), *currentUser(c), id, resolved, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Conflict {
		s.setFlash(c, e.Key)
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if ss.TicketID != nil {
		s.setFlash(c, "support.flash.ticket_opened")
	} else {
		s.setFlash(c, "support.flash.resolved")
	}
	c.Redirect(http.StatusSeeOther, back)
}
