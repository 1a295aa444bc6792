package web

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/i18n"
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
	// Request is the reviewer's open request for information, if any.
	Request *onboarding.OpenRequest
	// MixRequested marks the channel mix as asked about.
	MixRequested bool
	// Problems are a refused submit's errors, each linked to its step.
	Problems []problem
}

type kindRow struct {
	Kind      string
	Required  bool
	Requested bool
	Current   *onboarding.Document
}

// HintKey is the fix hint for the current document's verdict reason.
func (k kindRow) HintKey() string {
	if k.Current == nil || k.Current.VerdictReason == "" {
		return ""
	}
	return docHintKey(k.Kind, k.Current.VerdictReason)
}

// docHintKey is the fix hint for a document rejected for reason: one
// written for its kind (a storefront photo is not an ID card) when there
// is one, else the reason's general hint.
func docHintKey(kind, reason string) string {
	if key := "doc_hint." + kind + "." + reason; i18n.Has(i18n.EN, key) {
		return key
	}
	return "reason." + reason + ".hint"
}

// problem is one reason a submit was refused, with where to fix it.
type problem struct {
	Field, Key, Step, Anchor string
}

// problemsOf orders a refused submit's errors by step, then field.
func problemsOf(errs map[string]string) []problem {
	out := make([]problem, 0, len(errs))
	for f, k := range errs {
		if f == "reply" {
			continue // its message stands beside the reply box below the list
		}
		out = append(out, problem{Field: f, Key: k, Step: stepOf(f), Anchor: anchorOf(f)})
	}
	sort.Slice(out, func(i, j int) bool {
		si, sj := slices.Index(applicationSteps, out[i].Step), slices.Index(applicationSteps, out[j].Step)
		if si != sj {
			return si < sj
		}
		return out[i].Field < out[j].Field
	})
	return out
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
	var f Form
	if step == "documents" && c.Query("upload") == "failed" {
		// The refused upload's message came here as a one-time flash;
		// shown as the form's error, a reload shows the plain step.
		if key := s.takeFlash(c); key != "" {
			f.Error = key
		}
	}
	s.renderStep(c, http.StatusOK, a, step, f)
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
	if err := s.fillRequest(c, a, &d); err != nil {
		s.fail(c, err)
		return
	}
	p := s.formPage(c, "application.step."+step, d, f)
	if p.Flash == f.Error {
		p.Flash = "" // a refused upload's flash is shown as the form's error
	}
	s.render.render(c, status, "application_step", p)
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

// fillRequest marks the fields and documents the reviewer asked about.
func (s *Server) fillRequest(c *gin.Context, a onboarding.Application, d *applicationStepData) error {
	req, err := s.Onboarding.OpenRequest(c.Request.Context(), *currentUser(c), a.ID)
	if err != nil || req == nil {
		return err
	}
	d.Request = req
	d.MixRequested = contains(req.Fields, "channel_mix")
	for i := range d.Fields {
		name := d.Fields[i].Name
		if strings.HasPrefix(name, "channel_mix.") {
			name = "channel_mix"
		}
		d.Fields[i].Requested = contains(req.Fields, name)
	}
	for i := range d.Kinds {
		d.Kinds[i].Requested = contains(req.Documents, d.Kinds[i].Kind)
	}
	return nil
}

func (s *Server) renderReviewStep(c *gin.Context, status int, a onboarding.Application, f Form) {
	d := applicationStepData{App: a, View: s.viewOf(c, a), Steps: applicationSteps, Step: "review", Problems: problemsOf(f.Errors)}
	if err := s.fillKinds(c, a, &d); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.fillRequest(c, a, &d); err != nil {
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
