package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/onboarding"
	"posportal/scheduling"
)

type applicationListData struct {
	Applications []onboarding.Application
}

func (s *Server) applicationsPage(c *gin.Context) {
	apps, err := s.Onboarding.List(c.Request.Context(), *currentUser(c), onboarding.ListFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "application_list", s.page(c, "application.list.title", applicationListData{Applications: apps}))
}

func (s *Server) applicationCreate(c *gin.Context) {
	a, err := s.Onboarding.Create(c.Request.Context(), *currentUser(c), onboarding.Fields{}, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, "/edit/business"))
}

func applicationURL(id int64, suffix string) string {
	return "/applications/" + strconv.FormatInt(id, 10) + suffix
}

// loadApplication fetches the :id application for the signed-in user.
func (s *Server) loadApplication(c *gin.Context) (onboarding.Application, bool) {
	id, err := pathID(c, "id")
	if err == nil {
		var a onboarding.Application
		if a, err = s.Onboarding.Get(c.Request.Context(), *currentUser(c), id); err == nil {
			return a, true
		}
	}
	s.fail(c, err)
	return onboarding.Application{}, false
}

type applicationOverviewData struct {
	App       onboarding.Application
	View      applicationView
	Documents []onboarding.Document
	History   []onboarding.HistoryEvent
	// Open is the reviewer's latest request or rejection, shown at the top.
	Open        *onboarding.HistoryEvent
	Submitting  bool // the page is showing a refused submit
	MissingDocs []string
	// Appointments are the installation and training visits (§5).
	Appointments []scheduling.Appointment
}

func (s *Server) applicationOverview(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	u := *currentUser(c)
	docs, err := s.Onboarding.Documents(ctx, u, a.ID, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	hist, err := s.Onboarding.History(ctx, u, a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := applicationOverviewData{App: a, View: s.viewOf(c, a), Documents: docs, History: hist}
	d.Appointments = s.overviewAppointments(c, a)
	for i := len(hist) - 1; i >= 0; i-- {
		if e := hist[i]; e.Event == onboarding.EvRequestInfo || e.Event == onboarding.EvReject {
			if e.To == a.Status {
				d.Open = &hist[i]
			}
			break
		}
	}
	s.render.render(c, http.StatusOK, "application_overview", s.page(c, "application.overview.title", d))
}

func (s *Server) applicationSubmit(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	u := *currentUser(c)
	if !onboarding.Allowed(onboarding.EvSubmit, a.Status, u.Role) && a.SubmittedAt != nil {
		s.alreadySubmitted(c, a)
		return
	}
	_, err := s.Onboarding.Resubmit(c.Request.Context(), u, a.ID, c.PostForm("reply"), c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderReviewStep(c, http.StatusUnprocessableEntity, a, Form{Values: postedValues(c), Errors: e.Fields, Error: e.Key})
		return
	}
	if apperr.CodeOf(err) == apperr.Conflict {
		// A second press that raced the first: it lost, the first went through.
		if now, gerr := s.Onboarding.Get(c.Request.Context(), u, a.ID); gerr == nil && now.SubmittedAt != nil &&
			!onboarding.Allowed(onboarding.EvSubmit, now.Status, u.Role) {
			s.alreadySubmitted(c, now)
			return
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.application_submitted")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, ""))
}

// alreadySubmitted answers a repeated submit (a double click, a reload of
// the POST) without a second transition: back to the overview with a note.
func (s *Server) alreadySubmitted(c *gin.Context, a onboarding.Application) {
	s.setFlash(c, "flash.application_already_submitted")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, ""))
}

func (s *Server) applicationWithdraw(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	if _, err := s.Onboarding.Withdraw(c.Request.Context(), *currentUser(c), a.ID, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.application_withdrawn")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, ""))
}
