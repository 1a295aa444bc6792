package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/onboarding"
)

// The admin's table of which documents each merchant type must upload
// (§2.2): the rules are data, edited here, read by Submit.

type requirementsData struct {
	MerchantTypes []onboarding.MerchantType
	Kinds         []string
	Required      map[string]bool // requirementKey → required
}

func requirementKey(mt onboarding.MerchantType, kind string) string { return string(mt) + ":" + kind }

func (s *Server) loadRequirements(c *gin.Context) (map[string]bool, error) {
	rules, err := s.Onboarding.Requirements(c.Request.Context())
	if err != nil {
		return nil, err
	}
	req := make(map[string]bool, len(rules))
	for _, r := range rules {
		req[requirementKey(r.MerchantType, r.Kind)] = r.Required
	}
	return req, nil
}

func (s *Server) adminRequirementsPage(c *gin.Context) {
	req, err := s.loadRequirements(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := requirementsData{MerchantTypes: onboarding.MerchantTypes, Kinds: onboarding.DocumentKinds, Required: req}
	s.render.render(c, http.StatusOK, "admin_requirements", s.page(c, "requirements.title", d))
}

// adminRequirementsSave takes the whole table as checkboxes (an unchecked
// box is simply absent) and changes only the rules that differ, so the
// audit trail names each real change.
func (s *Server) adminRequirementsSave(c *gin.Context) {
	current, err := s.loadRequirements(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	want := setOf(c.PostFormArray("required"))
	changed := 0
	for _, mt := range onboarding.MerchantTypes {
		for _, kind := range onboarding.DocumentKinds {
			k := requirementKey(mt, kind)
			if want[k] == current[k] {
				continue
			}
			if err := s.Onboarding.SetRequirement(c.Request.Context(), *currentUser(c), mt, kind, want[k], c.ClientIP()); err != nil {
				s.fail(c, err)
				return
			}
			changed++
		}
	}
	if changed == 0 {
		s.setFlash(c, "requirements.flash.unchanged")
	} else {
		s.setFlash(c, "requirements.flash.saved")
	}
	c.Redirect(http.StatusSeeOther, "/admin/requirements")
}
