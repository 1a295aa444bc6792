package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/i18n"
	"posportal/onboarding"
)

// The reviewer's POST forms. Each calls one service method; a refusal the
// reviewer can act on (someone else holds it, the status moved on, a
// missing reason) re-renders the detail page with its status code and a
// clear message, anything else goes to the error page.

func reviewURL(id int64) string { return fmt.Sprintf("/review/%d", id) }

func (s *Server) reviewClaim(c *gin.Context) {
	s.reviewAction(c, "review.flash.claimed", reviewURL,
		func(c *gin.Context, id int64) (onboarding.Application, error) {
			return s.Onboarding.Claim(c.Request.Context(), *currentUser(c), id, c.ClientIP())
		})
}

func (s *Server) reviewRelease(c *gin.Context) {
	s.reviewAction(c, "review.flash.released", func(int64) string { return "/review" },
		func(c *gin.Context, id int64) (onboarding.Application, error) {
			return s.Onboarding.Release(c.Request.Context(), *currentUser(c), id, c.ClientIP())
		})
}

// reviewAction runs a form-less action and redirects with a flash.
func (s *Server) reviewAction(c *gin.Context, flash string, next func(id int64) string,
	do func(*gin.Context, int64) (onboarding.Application, error)) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := do(c, id); err != nil {
		s.reviewRefused(c, id, err, reviewFormState{})
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, next(id))
}

func (s *Server) reviewDecide(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d := onboarding.Decision{
		Decision: c.PostForm("decision"), ReasonCode: c.PostForm("reason_code"), Comment: c.PostForm("comment"),
		Requested: onboarding.Requested{Fields: c.PostFormArray("requested_fields"), Documents: c.PostFormArray("requested_documents")},
	}
	form := decisionForm{Decision: d.Decision, ReasonCode: d.ReasonCode, Comment: d.Comment,
		Fields: setOf(d.Requested.Fields), Documents: setOf(d.Requested.Documents)}
	// The one form carries every decision's inputs; keep only what the
	// chosen decision means, so an approval stores no stray reason.
	if d.Decision == "approve" {
		d.ReasonCode = ""
	}
	if d.Decision != "request_info" {
		d.Requested = onboarding.Requested{}
	}
	if d.Requested.Fields == nil {
		d.Requested.Fields = []string{}
	}
	if d.Requested.Documents == nil {
		d.Requested.Documents = []string{}
	}
	a, err := s.Onboarding.Decide(c.Request.Context(), *currentUser(c), id, d, c.ClientIP())
	if err != nil {
		s.reviewRefused(c, id, err, reviewFormState{Decision: form})
		return
	}
	flash := map[onboarding.Status]string{
		onboarding.Approved:      "review.flash.approved",
		onboarding.Submitted:     "review.flash.first_approval",
		onboarding.Rejected:      "review.flash.rejected",
		onboarding.InfoRequested: "review.flash.info_requested",
	}[a.Status]
	if flash != "" {
		s.setFlash(c, flash)
	}
	c.Redirect(http.StatusSeeOther, "/review")
}

func (s *Server) reviewVerdict(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	docID, err := pathID(c, "doc_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Onboarding.SetVerdict(c.Request.Context(), *currentUser(c), id, docID, c.PostForm("verdict"), c.PostForm("reason"), c.ClientIP())
	if err != nil {
		s.reviewRefused(c, id, err, reviewFormState{VerdictDoc: docID})
		return
	}
	s.setFlash(c, "review.flash.verdict_saved")
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#doc-%d", reviewURL(id), docID))
}

// reviewRefused re-renders the detail page for refusals a reviewer can
// act on and sends the rest to the error page.
func (s *Server) reviewRefused(c *gin.Context, id int64, err error, st reviewFormState) {
	e := apperr.As(err)
	if e == nil {
		s.fail(c, err)
		return
	}
	var f Form
	switch e.Code {
	case apperr.Validation:
		f.Errors = e.Fields
		st.Alert = i18n.T(langOf(c), e.Key)
	case apperr.Conflict, apperr.Forbidden:
		st.Alert = s.refusedText(c, id, e.Key)
	default:
		s.fail(c, err)
		return
	}
	s.renderReviewDetail(c, statusOf[e.Code], id, st, f)
}

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, v := range list {
		m[v] = true
	}
	return m
}
