package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
)

// feePlanRequest is the §11 fee plan as clients send it: exactly its
// fields, so an unknown one (or a read-only one like "id") is a 400.
type feePlanRequest struct {
	ProviderID             int64                `json:"provider_id"`
	Name                   string               `json:"name"`
	Rates                  []fees.RateRow       `json:"rates"`
	MonthlyFeeFen          int64                `json:"monthly_fee_fen"`
	AnnualFeeFen           int64                `json:"annual_fee_fen"`
	SetupFeeFen            int64                `json:"setup_fee_fen"`
	DepositFen             int64                `json:"deposit_fen"`
	DepositRefundVolumeFen int64                `json:"deposit_refund_volume_fen"`
	DepositRefundMonths    int                  `json:"deposit_refund_months"`
	D0SurchargePPM         int64                `json:"d0_surcharge_ppm"`
	TerminalPrices         []fees.TerminalPrice `json:"terminal_prices"`
}

func (r feePlanRequest) plan() catalog.Plan {
	return catalog.Plan{Plan: fees.Plan{
		ProviderID: r.ProviderID, Name: r.Name, Rates: r.Rates,
		MonthlyFeeFen: r.MonthlyFeeFen, AnnualFeeFen: r.AnnualFeeFen, SetupFeeFen: r.SetupFeeFen,
		DepositFen: r.DepositFen, DepositRefundVolumeFen: r.DepositRefundVolumeFen, DepositRefundMonths: r.DepositRefundMonths,
		D0SurchargePPM: r.D0SurchargePPM, TerminalPrices: r.TerminalPrices,
	}}
}

// apiFeePlans is GET /api/v1/fee-plans.
func (s *Server) apiFeePlans(c *gin.Context) {
	ps, err := s.Catalog.Plans(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if ps == nil {
		ps = []catalog.Plan{}
	}
	c.JSON(http.StatusOK, gin.H{"fee_plans": ps})
}

// apiCreateFeePlan is POST /api/v1/fee-plans (admin).
func (s *Server) apiCreateFeePlan(c *gin.Context) {
	var req feePlanRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Catalog.CreatePlan(c.Request.Context(), currentUser(c), req.plan(), clientRequest(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

// apiFeeQuote is POST /api/v1/fee-quotes: the ranked comparison of §11
// with its best plan and entered volume (§16), each quote also saying
// whether its plan is sample data.
func (s *Server) apiFeeQuote(c *gin.Context) {
	var req fees.QuoteRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	fc, err := s.Catalog.CompareFees(c.Request.Context(), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The same bytes as c.JSON(fc), without reflection: encoding 200
	// quotes cost as much as pricing them.
	c.Data(http.StatusOK, "application/json; charset=utf-8", catalog.AppendFeeComparisonJSON(make([]byte, 0, 128+512*len(fc.Quotes)), &fc))
}
