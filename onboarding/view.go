package onboarding

import (
	"context"
	"time"

	"posportal/internal/db"
	"posportal/internal/i18n"
)

// APIView is the §11 application shape plus the server's fields, as the
// API and webhook events show it.
type APIView struct {
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
	// ReviewDueAt is the SLA deadline while submitted or in review (§16).
	ReviewDueAt *time.Time `json:"review_due_at"`
	// Overdue is true once a waiting application is past ReviewDueAt.
	Overdue bool `json:"overdue"`
	// OpenRequest is the reviewer's request while info_requested (§16).
	OpenRequest *OpenRequestView `json:"open_request"`
}

// OpenRequestView is §16's open_request, reason and hint in one language.
type OpenRequestView struct {
	ReasonCode  string    `json:"reason_code"`
	Reason      string    `json:"reason"`
	Hint        string    `json:"hint"`
	Comment     string    `json:"comment"`
	Fields      []string  `json:"fields"`
	Documents   []string  `json:"documents"`
	RequestedAt time.Time `json:"requested_at"`
}

// View is a as the API shows it (APIViewOf) with the review clock k and,
// while information is requested, the open request with its reason and
// hint in lang. a must come from a load the caller was allowed.
func (s *Service) View(ctx context.Context, a Application, k SLA, lang string) (APIView, error) {
	return s.viewOf(ctx, s.db, a, k, lang)
}

func (s *Service) viewOf(ctx context.Context, q db.Querier, a Application, k SLA, lang string) (APIView, error) {
	v := APIViewOf(a)
	v.ReviewDueAt, v.Overdue = k.DueAt(a), k.Overdue(a)
	req, err := s.openRequestOf(ctx, q, a)
	if err != nil || req == nil {
		return v, err
	}
	v.OpenRequest = &OpenRequestView{ReasonCode: req.ReasonCode, Reason: i18n.T(lang, "reason."+req.ReasonCode),
		Hint: i18n.T(lang, "reason."+req.ReasonCode+".hint"), Comment: req.Comment, Fields: req.Fields,
		Documents: req.Documents, RequestedAt: req.RequestedAt}
	return v, nil
}

// APIViewOf is a as the API shows it to anyone but a reviewer (masked
// numbers only).
func APIViewOf(a Application) APIView {
	j := APIView{
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

// ContractView is §11's contract answer plus its terms and signature, as
// the API and webhook events show it.
type ContractView struct {
	ID            int64         `json:"id"`
	Number        string        `json:"number"`
	Status        string        `json:"status"`
	SHA256        string        `json:"sha256"`
	ApplicationID int64         `json:"application_id"`
	Terms         ContractTerms `json:"terms"`
	SignerName    string        `json:"signer_name,omitempty"`
	SignedAt      any           `json:"signed_at,omitempty"`
}

// ContractViewOf is c as the API shows it.
func ContractViewOf(c Contract) ContractView {
	j := ContractView{ID: c.ID, Number: c.Number, Status: c.Status(), SHA256: c.SHA256, ApplicationID: c.ApplicationID,
		Terms: c.Terms(), SignerName: c.SignerName}
	if c.SignedAt != nil {
		j.SignedAt = c.SignedAt
	}
	return j
}
