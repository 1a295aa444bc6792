package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/onboarding"
)

type contractPageData struct {
	App      onboarding.Application
	Contract *onboarding.Contract
	Terms    onboarding.ContractTerms
	Plans    []catalog.Plan
	Models   []catalog.Model
}

func (s *Server) contractPage(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	s.renderContract(c, http.StatusOK, a, Form{})
}

func (s *Server) renderContract(c *gin.Context, status int, a onboarding.Application, f Form) {
	ctx := c.Request.Context()
	d := contractPageData{App: a}
	ct, err := s.Contracts.Get(ctx, *currentUser(c), a.ID)
	switch {
	case err == nil:
		d.Contract, d.Terms = &ct, ct.Terms()
	case apperr.CodeOf(err) != apperr.NotFound:
		s.fail(c, err)
		return
	}
	if d.Contract == nil || d.Contract.SignedAt == nil {
		if d.Plans, err = s.Catalog.Plans(ctx); err != nil {
			s.fail(c, err)
			return
		}
		if d.Models, err = s.shortlistFirst(c); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render.render(c, status, "application_contract", s.formPage(c, "contract.page.title", d, f))
}

// shortlistFirst lists every model, the merchant's shortlist at the top.
func (s *Server) shortlistFirst(c *gin.Context) ([]catalog.Model, error) {
	ctx := c.Request.Context()
	all, err := s.Catalog.Models(ctx, catalog.Filter{})
	if err != nil {
		return nil, err
	}
	ids, err := s.Catalog.ShortlistModelIDs(ctx, currentUser(c).ID)
	if err != nil {
		return nil, err
	}
	var first, rest []catalog.Model
	for _, m := range all {
		if contains(ids, m.ID) {
			first = append(first, m)
		} else {
			rest = append(rest, m)
		}
	}
	return append(first, rest...), nil
}

func (s *Server) contractGenerate(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	planID, _ := strconv.ParseInt(c.PostForm("fee_plan_id"), 10, 64)
	req := onboarding.ContractRequest{FeePlanID: planID}
	for _, id := range c.PostFormArray("model_id") {
		n, _ := strconv.ParseInt(c.PostForm("quantity_"+id), 10, 64)
		if n == 0 {
			continue
		}
		modelID, _ := strconv.ParseInt(id, 10, 64)
		req.Terminals = append(req.Terminals, onboarding.ContractTerminal{ModelID: modelID, Quantity: n, Acquisition: c.PostForm("acquisition_" + id)})
	}
	_, _, err := s.Contracts.Generate(c.Request.Context(), *currentUser(c), a.ID, req, langOf(c), c.ClientIP())
	if key := asUserError(err); key != "" {
		f := Form{Values: postedValues(c), Error: key}
		if e := apperr.As(err); e.Key == key || len(e.Args) > 0 {
			// e.g. the characters a contract cannot print, or the models
			// the chosen plan does offer
			f.Error, f.ErrorArgs = e.Key, e.Args
		}
		s.renderContract(c, statusFor(err), a, f)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, "/contract"))
}

func (s *Server) contractSign(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	_, err := s.Contracts.Sign(c.Request.Context(), *currentUser(c), a.ID, c.PostForm("signer_name"), c.PostForm("consent") == "yes",
		c.ClientIP(), c.Request.UserAgent())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderContract(c, http.StatusUnprocessableEntity, a, Form{Values: postedValues(c), Errors: e.Fields, Error: e.Key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.contract_signed")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, ""))
}

func (s *Server) contractPDF(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	ct, doc, err := s.Contracts.PDF(c.Request.Context(), *currentUser(c), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+ct.Number+`.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
