package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/onboarding"
)

type applicationStepData struct {
	App       onboarding.Application
	View      applicationView
	Steps     []string
	Step      string
	Fields    []formField
	Documents []onboarding.Document
	// Kinds lists every document kind with whether it is required.
	Kinds    []kindRow
	MaxBytes int64
}

type kindRow struct {
	Kind     string
	Required bool
	Current  *onboarding.Document
}

func validStep(step string) bool { return contains(applicationSteps, step) }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) applicationStepPage(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	step := c.Param("step")
	if !validStep(step) {
		s.fail(c, apperr.ErrNotFound)
		return
	}
	if a.Status != onboarding.Draft && a.Status != onboarding.InfoRequested {
		c.Redirect(http.StatusSeeOther, applicationURL(a.ID, ""))
		return
	}
	if step == "review" {
		s.renderReviewStep(c, http.StatusOK, a, Form{})
		return
	}
	s.renderStep(c, http.StatusOK, a, step, Form{})
}

func (s *Server) renderStep(c *gin.Context, status int, a onboarding.Application, step string, f Form) {
	var account string
	if step == "settlement" {
		var err error
		if account, err = s.Onboarding.OwnAccountNumber(c.Request.Context(), *currentUser(c), a.ID); err != nil {
			s.fail(c, err)
			return
		}
	}
	d := applicationStepData{App: a, View: s.viewOf(c, a), Steps: applicationSteps, Step: step, Fields: stepFields(step, a, account),
		MaxBytes: s.Onboarding.MaxDocumentBytes()}
	if f.Values != nil {
		for i := range d.Fields {
			d.Fields[i].Value = f.Values[d.Fields[i].Name]
		}
	}
	if step == "documents" {
		if err := s.fillKinds(c, a, &d); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render.render(c, status, "application_step", s.formPage(c, "application.step."+step, d, f))
}

func (s *Server) fillKinds(c *gin.Context, a onboarding.Application, d *applicationStepData) error {
	ctx := c.Request.Context()
	docs, err := s.Onboarding.Documents(ctx, *currentUser(c), a.ID, false)
	if err != nil {
		return err
	}
	var required []string
	if a.MerchantType != "" {
		if required, err = s.Onboarding.RequiredKinds(ctx, a.MerchantType); err != nil {
			return err
		}
	}
	d.Documents = docs
	for _, k := range onboarding.DocumentKinds {
		row := kindRow{Kind: k, Required: contains(required, k)}
		for i := range docs {
			if docs[i].Kind == k {
				row.Current = &docs[i]
			}
		}
		d.Kinds = append(d.Kinds, row)
	}
	return nil
}

func (s *Server) renderReviewStep(c *gin.Context, status int, a onboarding.Application, f Form) {
	d := applicationStepData{App: a, View: s.viewOf(c, a), Steps: applicationSteps, Step: "review"}
	if err := s.fillKinds(c, a, &d); err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, status, "application_step", s.formPage(c, "application.step.review", d, f))
}

func (s *Server) applicationStepSave(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	step := c.Param("step")
	if !validStep(step) || step == "documents" || step == "review" {
		s.fail(c, apperr.ErrNotFound)
		return
	}
	fields, convErrs := readStep(c, step)
	if len(convErrs) > 0 {
		s.renderStep(c, http.StatusUnprocessableEntity, a, step, Form{Values: postedValues(c), Errors: convErrs, Error: "error.validation"})
		return
	}
	updated, err := s.Onboarding.Update(c.Request.Context(), *currentUser(c), a.ID, fields, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderStep(c, http.StatusUnprocessableEntity, a, step, Form{Values: postedValues(c), Errors: e.Fields, Error: "error.validation"})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	next := "review"
	for i, st := range applicationSteps {
		if st == step && i+1 < len(applicationSteps) {
			next = applicationSteps[i+1]
		}
	}
	if c.PostForm("stay") != "" {
		next = step
	}
	s.setFlash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, applicationURL(updated.ID, "/edit/"+next))
}
