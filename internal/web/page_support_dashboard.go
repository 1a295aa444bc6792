package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/support"
)

// supportDashboard is the dashboard's support block: a merchant's active
// notices (to acknowledge) and open tickets; staff's alerts.
type supportDashboard struct {
	Notices     []support.Notice
	OpenTickets int
}

func (s *Server) supportDashboardFor(ctx context.Context, u auth.User) (*supportDashboard, error) {
	ns, err := s.Support.Notices(ctx, u)
	if err != nil {
		return nil, err
	}
	d := &supportDashboard{Notices: ns}
	if u.Role == auth.Merchant || u.Role == auth.Admin || u.Role == auth.Installer {
		ts, err := s.Support.Tickets(ctx, u, support.TicketFilter{})
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if t.Status != support.TicketResolved && t.Status != support.TicketClosed {
				d.OpenTickets++
			}
		}
	}
	return d, nil
}

func (s *Server) noticeAckSubmit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Support.Acknowledge(c.Request.Context(), *currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "support.flash.notice_acknowledged")
	c.Redirect(http.StatusSeeOther, "/dashboard")
}
