package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/onboarding"
)

// applicationJSON is the §11 application shape plus the server's fields.
type applicationJSON struct {
	ID                     int64  `json:"id"`
	Status                 string `json:"status"`
	MerchantType           string `json:"merchant_type"`
	LegalName              string `json:"legal_name"`
	ShopName               string `json:"shop_name"`
	USCC                   string `json:"uscc"`
	MCCGroup               string `json:"mcc_group"`
	Province               string `json:"province"`
	City                   string `json:"city"`
	District               string `json:"district"`
	Address                string `json:"address"`
	LegalRepName           string `json:"legal_rep_name"`
	LegalRepIDNumber       string `json:"legal_rep_id_number,omitempty"` // reviewers only, audited
	LegalRepIDNumberMasked string `json:"legal_rep_id_number_masked"`
	ContactMobile          string `json:"contact_mobile"`
	ContactEmail           string `json:"contact_email"`
	SettlementBank         string `json:"settlement_bank"`
	SettlementAccountType  string `json:"settlement_account_type"`
	SettlementAccountName  string `json:"settlement_account_name"`
	// The full number only in the reviewer's audited view (§16); the
	// merchant sees it in their own edit form, not in the API.
	SettlementAccountNumber       string         `json:"settlement_account_number,omitempty"`
	SettlementAccountNumberMasked string         `json:"settlement_account_number_masked"`
	ExpectedMonthlyVolumeFen      int64          `json:"expected_monthly_volume_fen"`
	AverageTicketFen              int64          `json:"average_ticket_fen"`
	ChannelMix                    map[string]int `json:"channel_mix"`
	TerminalCount                 int64          `json:"terminal_count"`
	HighRisk                      bool           `json:"high_risk"`
	ClaimedBy                     *int64         `json:"claimed_by"`
	CreatedAt                     time.Time      `json:"created_at"`
	SubmittedAt                   *time.Time     `json:"submitted_at"`
	DecidedAt                     *time.Time     `json:"decided_at"`
}

func toApplicationJSON(a onboarding.Application) applicationJSON {
	j := applicationJSON{
		ID: a.ID, Status: string(a.Status), MerchantType: string(a.MerchantType), LegalName: a.LegalName,
		ShopName: a.ShopName, USCC: a.USCC, MCCGroup: a.MCCGroup, Province: a.Province, City: a.City,
		District: a.District, Address: a.Address, LegalRepName: a.LegalRepName,
		LegalRepIDNumberMasked: a.LegalRepIDMasked, ContactMobile: a.ContactMobile, ContactEmail: a.ContactEmail,
		SettlementBank: a.SettlementBank, SettlementAccountType: a.SettlementAccountType,
		SettlementAccountName: a.SettlementAccountName, SettlementAccountNumberMasked: a.SettlementAccountMasked,
		ExpectedMonthlyVolumeFen: a.ExpectedMonthlyVolumeFen, AverageTicketFen: a.AverageTicketFen,
		ChannelMix: a.ChannelMix(), TerminalCount: a.TerminalCount, HighRisk: a.HighRisk,
		CreatedAt: a.CreatedAt, SubmittedAt: a.SubmittedAt, DecidedAt: a.DecidedAt,
	}
	if a.ClaimedBy.Valid {
		j.ClaimedBy = &a.ClaimedBy.Int64
	}
	return j
}

// pathID parses the :id parameter; a malformed id is "not found".
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}

func (s *Server) apiCreateApplication(c *gin.Context) {
	var f onboarding.Fields
	if err := decodeJSON(c, &f); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Create(c.Request.Context(), *currentUser(c), f, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toApplicationJSON(a))
}

func (s *Server) apiListApplications(c *gin.Context) {
	f := onboarding.ListFilter{Status: onboarding.Status(c.Query("status")), MerchantType: onboarding.MerchantType(c.Query("merchant_type"))}
	apps, err := s.Onboarding.List(c.Request.Context(), *currentUser(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]applicationJSON, 0, len(apps))
	for _, a := range apps {
		out = append(out, toApplicationJSON(a))
	}
	c.JSON(http.StatusOK, gin.H{"applications": out})
}

func (s *Server) apiGetApplication(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	u := *currentUser(c)
	a, err := s.Onboarding.Get(c.Request.Context(), u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	j := toApplicationJSON(a)
	if u.Role == auth.Reviewer {
		r, err := s.Onboarding.Reveal(c.Request.Context(), u, id, c.ClientIP())
		if err != nil {
			s.fail(c, err)
			return
		}
		j.LegalRepIDNumber, j.SettlementAccountNumber = r.IDNumber, r.AccountNumber
	}
	c.JSON(http.StatusOK, j)
}

func (s *Server) apiPatchApplication(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var f onboarding.Fields
	if err := decodeJSON(c, &f); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Update(c.Request.Context(), *currentUser(c), id, f, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toApplicationJSON(a))
}

type applicationAction func(s *onboarding.Service, c *gin.Context, u auth.User, id int64) (onboarding.Application, error)

// apiApplicationAction adapts submit, withdraw, claim and release, which
// take no body and answer the application as it now is.
func (s *Server) apiApplicationAction(do applicationAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, "id")
		if err != nil {
			s.fail(c, err)
			return
		}
		a, err := do(s.Onboarding, c, *currentUser(c), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, toApplicationJSON(a))
	}
}

func (s *Server) apiDecide(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var d onboarding.Decision
	if err := decodeJSON(c, &d); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.Onboarding.Decide(c.Request.Context(), *currentUser(c), id, d, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toApplicationJSON(a))
}

func (s *Server) apiApplicationEvents(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.Onboarding.History(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	type eventJSON struct {
		onboarding.HistoryEvent
		Requested *onboarding.Requested `json:"requested,omitempty"`
	}
	out := make([]eventJSON, 0, len(events))
	for _, e := range events {
		j := eventJSON{HistoryEvent: e}
		if e.Event == onboarding.EvRequestInfo {
			r := e.Requested()
			if r.Fields == nil {
				r.Fields = []string{}
			}
			if r.Documents == nil {
				r.Documents = []string{}
			}
			j.Requested = &r
		}
		out = append(out, j)
	}
	c.JSON(http.StatusOK, gin.H{"events": out})
}

func (s *Server) apiApplicationSummaryPDF(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	doc, err := s.Onboarding.SummaryPDF(c.Request.Context(), *currentUser(c), id, langOf(c), s.PDFFont)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="application-`+strconv.FormatInt(id, 10)+`-summary.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
