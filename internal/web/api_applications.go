package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/onboarding"
)

// applicationJSON is the §11 application shape plus the server's fields;
// it lives in onboarding so webhook events carry the same object.
type applicationJSON = onboarding.APIView

// answerApplication writes a as the API's application.
func (s *Server) answerApplication(c *gin.Context, status int, a onboarding.Application) {
	clk, err := s.sla(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	j, err := s.applicationOut(c, clk, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, j)
}

// applicationOut is a as the API answers it, in the client's language.
func (s *Server) applicationOut(c *gin.Context, clk onboarding.SLA, a onboarding.Application) (applicationJSON, error) {
	return s.Onboarding.View(c.Request.Context(), a, clk, langOf(c))
}

func toApplicationJSON(a onboarding.Application) applicationJSON { return onboarding.APIViewOf(a) }

// pathID parses the :id parameter; a malformed id is "not found".
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}

func (s *Server) apiCreateApplication(c *gin.Context) {
	var f onboarding.Fields
	if err := decodeJSON(c, &f); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Create(c.Request.Context(), *currentUser(c), f, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerApplication(c, http.StatusCreated, a)
}

func (s *Server) apiListApplications(c *gin.Context) {
	f := onboarding.ListFilter{Status: onboarding.Status(c.Query("status")), MerchantType: onboarding.MerchantType(c.Query("merchant_type"))}
	apps, err := s.Onboarding.List(c.Request.Context(), *currentUser(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	clk, err := s.sla(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]applicationJSON, 0, len(apps))
	for _, a := range apps {
		j, err := s.applicationOut(c, clk, a)
		if err != nil {
			s.fail(c, err)
			return
		}
		out = append(out, j)
	}
	c.JSON(http.StatusOK, gin.H{"applications": out})
}

func (s *Server) apiGetApplication(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	u := *currentUser(c)
	a, err := s.Onboarding.Get(c.Request.Context(), u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	clk, err := s.sla(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	j, err := s.applicationOut(c, clk, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Role == auth.Reviewer {
		r, err := s.Onboarding.Reveal(c.Request.Context(), u, id, c.ClientIP())
		if err != nil {
			s.fail(c, err)
			return
		}
		j.LegalRepIDNumber, j.SettlementAccountNumber = r.IDNumber, r.AccountNumber
	}
	c.JSON(http.StatusOK, j)
}

func (s *Server) apiPatchApplication(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var f onboarding.Fields
	if err := decodeJSON(c, &f); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Update(c.Request.Context(), *currentUser(c), id, f, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerApplication(c, http.StatusOK, a)
}

type applicationAction func(s *onboarding.Service, c *gin.Context, u auth.User, id int64) (onboarding.Application, error)

// apiApplicationAction adapts submit, withdraw, claim and release, which
// take no body and answer the application as it now is.
func (s *Server) apiApplicationAction(do applicationAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, "id")
		if err != nil {
			s.fail(c, err)
			return
		}
		a, err := do(s.Onboarding, c, *currentUser(c), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.answerApplication(c, http.StatusOK, a)
	}
}

// submitBody is the optional body of POST .../submit: a written reply to
// the reviewer's request.
type submitBody struct {
	Reply string `json:"reply"`
}

func (s *Server) apiSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var b submitBody
	if c.Request.ContentLength != 0 {
		if err := decodeJSON(c, &b); err != nil {
			s.fail(c, err)
			return
		}
	}
	a, err := s.Onboarding.Resubmit(c.Request.Context(), *currentUser(c), id, b.Reply, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerApplication(c, http.StatusOK, a)
}

func (s *Server) apiDecide(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var d onboarding.Decision
	if err := decodeJSON(c, &d); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Decide(c.Request.Context(), *currentUser(c), id, d, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerApplication(c, http.StatusOK, a)
}

func (s *Server) apiApplicationEvents(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.Onboarding.History(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	type eventJSON struct {
		onboarding.HistoryEvent
		Requested *onboarding.Requested `json:"requested,omitempty"`
	}
	out := make([]eventJSON, 0, len(events))
	for _, e := range events {
		j := eventJSON{HistoryEvent: e}
		if e.Event == onboarding.EvRequestInfo {
			r := e.Requested()
			if r.Fields == nil {
				r.Fields = []string{}
			}
			if r.Documents == nil {
				r.Documents = []string{}
			}
			j.Requested = &r
		}
		out = append(out, j)
	}
	c.JSON(http.StatusOK, gin.H{"events": out})
}

func (s *Server) apiApplicationSummaryPDF(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	doc, err := s.Onboarding.SummaryPDF(c.Request.Context(), *currentUser(c), id, langOf(c), s.PDFFont)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="application-`+strconv.FormatInt(id, 10)+`-summary.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
