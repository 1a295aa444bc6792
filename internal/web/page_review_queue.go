package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"posportal/internal/shanghai"
	"posportal/onboarding"
)

type reviewQueueData struct {
	Rows []queueRow
	// The filter as applied: "" is the open queue, "all" every status.
	Status        string
	MerchantType  string
	Statuses      []onboarding.Status
	MerchantTypes []onboarding.MerchantType
	Open          int // how many rows wait for a reviewer
	Breaches      int
}

type queueRow struct {
	onboarding.Application
	Age           string // "" when not waiting
	Deadline      string // the SLA due time, "" when not waiting
	Breached      bool
	FirstApproval bool
	ClaimedBy     string
	Mine          bool
}

func (s *Server) reviewQueuePage(c *gin.Context) {
	ctx := c.Request.Context()
	u := *currentUser(c)
	lang := langOf(c)
	status := c.Query("status")
	if status != queueAll && !slices.Contains(onboarding.Statuses, onboarding.Status(status)) {
		status = queueOpen
	}
	mt := onboarding.MerchantType(c.Query("merchant_type"))
	if !slices.Contains(onboarding.MerchantTypes, mt) {
		mt = ""
	}
	apps, err := s.reviewQueue(ctx, u, status, mt)
	if err != nil {
		s.fail(c, err)
		return
	}
	clk, err := s.sla(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	names, err := s.staffNames(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := reviewQueueData{Status: status, MerchantType: string(mt), Statuses: onboarding.Statuses,
		MerchantTypes: onboarding.MerchantTypes, Rows: make([]queueRow, 0, len(apps))}
	for _, a := range apps {
		r := queueRow{Application: a, ClaimedBy: names[a.Claimer()], Mine: a.Claimer() == u.ID}
		if due := clk.DueAt(a); due != nil {
			d.Open++
			r.Age = ageText(lang, clk.Now().Sub(*a.SubmittedAt))
			r.Deadline = due.In(shanghai.Location).Format("2006-01-02 15:04")
			r.Breached = clk.Overdue(a)
			if r.Breached {
				d.Breaches++
			}
			// Only a high-risk application can wait with an approval given.
			if a.HighRisk {
				ids, err := s.Onboarding.Approvals(ctx, a.ID)
				if err != nil {
					s.fail(c, err)
					return
				}
				r.FirstApproval = len(ids) > 0
			}
		}
		d.Rows = append(d.Rows, r)
	}
	s.render.render(c, http.StatusOK, "review_queue", s.page(c, "review.queue.title", d))
}
