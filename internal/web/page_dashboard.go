package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/onboarding"
	"posportal/support"
)

type dashboardData struct {
	Stages       []string
	CurrentStage int
	// Documents to prepare, per merchant type (SPEC §2.2 defaults).
	Checklists   []docChecklist
	RecentLogins []audit.Entry
	RoleCounts   map[auth.Role]int
	Roles        []auth.Role
	RecentEvents []audit.Entry
	// Queue summarises the review queue for a reviewer.
	Queue *queueCounts
	// Applications are all the merchant's applications, newest first: a
	// new draft must not hide a signed one.
	Applications []dashboardApplication
	// Support is the notices and open tickets block (§6).
	Support *supportDashboard
	// Devices are the merchant's registered terminals.
	Devices []support.Device
}

// dashboardApplication is one of the merchant's applications with where
// it stands and, while in review, when a decision is due.
type dashboardApplication struct {
	onboarding.Application
	Stage int
	DueAt *time.Time
}

type docChecklist struct {
	MerchantType string
	Documents    []string
}

var defaultChecklists = []docChecklist{
	{"enterprise", []string{"business_license", "legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo"}},
	{"individual_business", []string{"business_license", "legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo"}},
	{"micro", []string{"legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo", "premises_proof"}},
}

func (s *Server) dashboardPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	d := dashboardData{Stages: lifecycle}
	logins, err := audit.List(ctx, s.DB, audit.Filter{ActorID: &u.ID, Action: "login", Limit: 5})
	if err != nil {
		s.fail(c, err)
		return
	}
	d.RecentLogins = logins
	switch u.Role {
	case auth.Merchant:
		d.Checklists = defaultChecklists
		apps, err := s.Onboarding.List(ctx, *u, onboarding.ListFilter{})
		if err != nil {
			s.fail(c, err)
			return
		}
		clk, err := s.sla(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, a := range apps {
			da := dashboardApplication{Application: a, Stage: stageOf(a.Status), DueAt: clk.DueAt(a)}
			// The timeline shows the furthest any live application has got.
			if a.Status != onboarding.Withdrawn && a.Status != onboarding.Rejected && da.Stage > d.CurrentStage {
				d.CurrentStage = da.Stage
			}
			d.Applications = append(d.Applications, da)
		}
		if s.Support != nil {
			if d.Devices, err = s.Support.Devices(ctx, *u); err != nil {
				s.fail(c, err)
				return
			}
		}
	case auth.Reviewer:
		if d.Queue, err = s.reviewQueueCounts(ctx, *u); err != nil {
			s.fail(c, err)
			return
		}
	case auth.Admin:
		if d.RoleCounts, err = s.Auth.CountByRole(ctx); err != nil {
			s.fail(c, err)
			return
		}
		d.Roles = auth.Roles
		if d.RecentEvents, err = audit.List(ctx, s.DB, audit.Filter{Limit: 15}); err != nil {
			s.fail(c, err)
			return
		}
	}
	if d.Support, err = s.supportDashboardFor(ctx, *u); err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "dashboard", s.page(c, "dashboard.title", d))
}
