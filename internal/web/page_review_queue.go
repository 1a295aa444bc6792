package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

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
	Total         int // how many applications match the filter, on every page
	Open          int // how many of them wait for a reviewer
	Breaches      int
	Page, Pages   int
	First, Last   int // the rows shown, counted from 1
	Prev, Next    string
	PageLinks     []queuePageLink
}

type queuePageLink struct {
	N       int
	URL     string
	Current bool
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
	f := queueFilter(status, mt)
	clk, err := s.sla(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.Onboarding.QueueCounts(ctx, u, f, clk)
	if err != nil {
		s.fail(c, err)
		return
	}
	pages := max(1, (n.Total+queuePageSize-1)/queuePageSize)
	page, _ := strconv.Atoi(c.Query("page"))
	page = min(max(page, 1), pages)
	apps, err := s.Onboarding.QueuePage(ctx, u, f, (page-1)*queuePageSize, queuePageSize)
	if err != nil {
		s.fail(c, err)
		return
	}
	names, err := s.staffNames(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Only a high-risk application can wait with an approval given.
	var risky []int64
	for _, a := range apps {
		if a.HighRisk && onboarding.Waiting(a.Status) {
			risky = append(risky, a.ID)
		}
	}
	approved, err := s.Onboarding.FirstApprovals(ctx, risky)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := reviewQueueData{Status: status, MerchantType: string(mt), Statuses: onboarding.Statuses,
		MerchantTypes: onboarding.MerchantTypes, Rows: make([]queueRow, 0, len(apps)),
		Total: n.Total, Open: n.Waiting(), Breaches: n.Overdue, Page: page, Pages: pages}
	if len(apps) > 0 {
		d.First = (page-1)*queuePageSize + 1
		d.Last = d.First + len(apps) - 1
	}
	link := func(p int) string {
		q := url.Values{}
		if status != queueOpen {
			q.Set("status", status)
		}
		if mt != "" {
			q.Set("merchant_type", string(mt))
		}
		if p > 1 {
			q.Set("page", strconv.Itoa(p))
		}
		if len(q) == 0 {
			return "/review"
		}
		return "/review?" + q.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if page < pages {
		d.Next = link(page + 1)
	}
	if pages > 1 {
		for _, p := range queuePageNumbers(page, pages) {
			d.PageLinks = append(d.PageLinks, queuePageLink{N: p, URL: link(p), Current: p == page})
		}
	}
	for _, a := range apps {
		r := queueRow{Application: a, ClaimedBy: names[a.Claimer()], Mine: a.Claimer() == u.ID,
			FirstApproval: approved[a.ID]}
		if due := clk.DueAt(a); due != nil {
			r.Age = ageText(lang, clk.Now().Sub(*a.SubmittedAt))
			r.Deadline = due.In(shanghai.Location).Format("2006-01-02 15:04")
			r.Breached = clk.Overdue(a)
		}
		d.Rows = append(d.Rows, r)
	}
	s.render.render(c, http.StatusOK, "review_queue", s.page(c, "review.queue.title", d))
}

// queuePageNumbers is the page links to offer: the first, the last and two
// either side of the current one (0 marks a gap), so 100 pages stay one
// short line on a phone.
func queuePageNumbers(page, pages int) []int {
	var out []int
	for p := 1; p <= pages; p++ {
		if p == 1 || p == pages || (p >= page-2 && p <= page+2) {
			out = append(out, p)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}
