package web

import (
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/internal/money"
	"posportal/onboarding"
)

// applicationView is what pages show about an application beyond its
// stored fields.
type applicationView struct {
	Stage            int // index into lifecycle
	ExpectedDecision *time.Time
	Volume, Ticket   string
	CanEdit          bool
	CanSubmit        bool
	CanWithdraw      bool
}

// stageOf places a status on the merchant's lifecycle timeline.
func stageOf(st onboarding.Status) int {
	switch st {
	case onboarding.Draft, onboarding.Withdrawn:
		return 0
	case onboarding.Submitted, onboarding.InReview, onboarding.InfoRequested, onboarding.Rejected:
		return 1
	case onboarding.Approved:
		return 2
	case onboarding.ContractSigned, onboarding.InstallationScheduled:
		return 3
	case onboarding.Installed:
		return 4
	default:
		return 5
	}
}

func (s *Server) viewOf(c *gin.Context, a onboarding.Application) applicationView {
	role := auth.Merchant
	if u := currentUser(c); u != nil {
		role = u.Role
	}
	v := applicationView{
		Stage:       stageOf(a.Status),
		Volume:      money.Yuan(a.ExpectedMonthlyVolumeFen),
		Ticket:      money.Yuan(a.AverageTicketFen),
		CanEdit:     role == auth.Merchant && (a.Status == onboarding.Draft || a.Status == onboarding.InfoRequested),
		CanSubmit:   onboarding.Allowed(onboarding.EvSubmit, a.Status, role),
		CanWithdraw: onboarding.Allowed(onboarding.EvWithdraw, a.Status, role),
	}
	// A calendar that cannot be read costs the page its due date, not the
	// whole page; the request log records why.
	if onboarding.Waiting(a.Status) {
		if clk, err := s.sla(c.Request.Context()); err != nil {
			c.Error(err)
		} else {
			v.ExpectedDecision = clk.DueAt(a)
		}
	}
	return v
}
