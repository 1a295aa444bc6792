package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/i18n"
	"posportal/internal/shanghai"
	"posportal/onboarding"
)

// reviewDetailData is everything a reviewer checks before deciding.
type reviewDetailData struct {
	App         onboarding.Application
	Sections    []fieldSection
	Approvals   []string // names of reviewers who approved this submission
	ClaimedBy   string
	ClaimedByMe bool
	Age         string
	Deadline    string
	Breached    bool
	Changes     onboarding.Changes
	ChangeRows  []changeRow
	Documents   []reviewDoc
	History     []historyRow

	// What the signed-in user may do now; the page offers nothing else.
	CanClaim     bool
	CanRelease   bool
	CanDecide    bool
	CanApprove   bool // false once this reviewer gave the first of two approvals
	ApprovedByMe bool

	ReasonCodes       []string
	RequestableFields []string
	DocumentKinds     []string
	reviewFormState
}

// reviewFormState is what a refused action puts back on the page.
type reviewFormState struct {
	Decision   decisionForm
	Alert      string // translated
	VerdictDoc int64  // the document whose verdict form has errors
}

type decisionForm struct {
	Decision   string
	ReasonCode string
	Comment    string
	Fields     map[string]bool
	Documents  map[string]bool
}

type fieldSection struct {
	Title  string // message key
	Fields []fieldRow
}

type fieldRow struct {
	Field string
	Value string
	// Audited marks the resident ID and the account number: shown in full
	// here only, and every showing is recorded.
	Audited bool
}

type changeRow struct {
	Field         string
	Before, After string
	// Hidden: the resident ID is compared by hash and shown only as changed.
	Hidden bool
}

type reviewDoc struct {
	onboarding.Document
	SizeText   string
	Superseded bool
	Preview    bool
	VerdictBy  string
}

type historyRow struct {
	onboarding.HistoryEvent
	Asked onboarding.Requested
}

// reviewSections groups the application's fields as the form does.
var reviewSections = []struct {
	title  string
	fields []string
}{
	{"review.section.business", []string{"merchant_type", "legal_name", "shop_name", "uscc", "mcc_group", "province", "city", "district", "address"}},
	{"review.section.legal_rep", []string{"legal_rep_name", "legal_rep_id_number"}},
	{"review.section.contact", []string{"contact_mobile", "contact_email"}},
	{"review.section.settlement", []string{"settlement_bank", "settlement_account_type", "settlement_account_name", "settlement_account_number"}},
	{"review.section.volume", []string{"expected_monthly_volume_fen", "average_ticket_fen", "channel_mix", "terminal_count"}},
}

// previewTypes are the stored types shown inline; anything else only
// downloads.
var previewTypes = []string{blob.JPEG, blob.PNG}

func (s *Server) reviewDetailPage(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderReviewDetail(c, http.StatusOK, id, reviewFormState{}, Form{})
}

func (s *Server) renderReviewDetail(c *gin.Context, status int, id int64, st reviewFormState, f Form) {
	d, err := s.reviewDetail(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.reviewFormState = st
	s.render.render(c, status, "review_detail", s.formPage(c, "review.detail.title", d, f))
}

func (s *Server) reviewDetail(c *gin.Context, id int64) (reviewDetailData, error) {
	ctx := c.Request.Context()
	u := *currentUser(c)
	lang := langOf(c)
	a, err := s.Onboarding.Get(ctx, u, id)
	if err != nil {
		return reviewDetailData{}, err
	}
	// The one page where the full numbers are shown; Reveal records the view.
	revealed, err := s.Onboarding.Reveal(ctx, u, id, c.ClientIP())
	if err != nil {
		return reviewDetailData{}, err
	}
	names, err := s.staffNames(ctx)
	if err != nil {
		return reviewDetailData{}, err
	}
	d := reviewDetailData{App: a, ClaimedBy: names[a.Claimer()], ClaimedByMe: a.Claimer() == u.ID,
		ReasonCodes: onboarding.ReasonCodes, RequestableFields: onboarding.RequestableFields, DocumentKinds: onboarding.DocumentKinds}

	raw := rawFields(a)
	for _, sec := range reviewSections {
		fs := fieldSection{Title: sec.title}
		for _, f := range sec.fields {
			row := fieldRow{Field: f, Value: fieldText(lang, f, raw[f])}
			if f == "legal_rep_id_number" && revealed.IDNumber != "" {
				row.Value, row.Audited = revealed.IDNumber, true
			}
			if f == "settlement_account_number" && revealed.AccountNumber != "" {
				row.Value, row.Audited = revealed.AccountNumber, true
			}
			fs.Fields = append(fs.Fields, row)
		}
		d.Sections = append(d.Sections, fs)
	}

	approvals, err := s.Onboarding.Approvals(ctx, id)
	if err != nil {
		return reviewDetailData{}, err
	}
	for _, rid := range approvals {
		d.Approvals = append(d.Approvals, names[rid])
	}
	d.ApprovedByMe = slices.Contains(approvals, u.ID)

	if onboarding.Waiting(a.Status) && a.SubmittedAt != nil {
		clk, err := s.sla(ctx)
		if err != nil {
			return reviewDetailData{}, err
		}
		d.Age = ageText(lang, clk.Now().Sub(*a.SubmittedAt))
		d.Deadline = clk.DueAt(a).In(shanghai.Location).Format("2006-01-02 15:04")
		d.Breached = clk.Overdue(a)
	}

	if d.Changes, err = s.Onboarding.Changes(ctx, u, id); err != nil {
		return reviewDetailData{}, err
	}
	for _, fc := range d.Changes.Fields {
		d.ChangeRows = append(d.ChangeRows, changeRow{Field: fc.Field, Before: fieldText(lang, fc.Field, fc.Before),
			After: fieldText(lang, fc.Field, fc.After), Hidden: fc.Field == "legal_rep_id_number"})
	}

	docs, err := s.Onboarding.Documents(ctx, u, id, true)
	if err != nil {
		return reviewDetailData{}, err
	}
	// In the checklist's order (ID front before back), newest first per kind.
	slices.SortStableFunc(docs, func(x, y onboarding.Document) int {
		return slices.Index(onboarding.DocumentKinds, x.Kind) - slices.Index(onboarding.DocumentKinds, y.Kind)
	})
	for _, doc := range docs {
		rd := reviewDoc{Document: doc, SizeText: sizeText(doc.Size), Superseded: doc.ReplacedAt != nil,
			Preview: slices.Contains(previewTypes, doc.ContentType)}
		if doc.VerdictBy != nil {
			rd.VerdictBy = names[*doc.VerdictBy]
		}
		d.Documents = append(d.Documents, rd)
	}

	hist, err := s.Onboarding.History(ctx, u, id)
	if err != nil {
		return reviewDetailData{}, err
	}
	for _, e := range hist {
		r := historyRow{HistoryEvent: e}
		if e.Event == onboarding.EvRequestInfo {
			r.Asked = e.Requested()
		}
		d.History = append(d.History, r)
	}

	d.CanClaim = onboarding.Allowed(onboarding.EvClaim, a.Status, u.Role)
	d.CanRelease = onboarding.Allowed(onboarding.EvRelease, a.Status, u.Role) && (u.Role == auth.Admin || d.ClaimedByMe)
	d.CanDecide = u.Role == auth.Reviewer && a.Status == onboarding.InReview && d.ClaimedByMe
	d.CanApprove = d.CanDecide && !d.ApprovedByMe
	return d, nil
}

// refusedText explains a refused action in words a reviewer can act on:
// when a colleague holds the application, say who.
func (s *Server) refusedText(c *gin.Context, id int64, key string) string {
	lang := langOf(c)
	u := *currentUser(c)
	a, err := s.Onboarding.Get(c.Request.Context(), u, id)
	if err != nil {
		return i18n.T(lang, key)
	}
	heldByOther := a.Status == onboarding.InReview && a.Claimer() != 0 && a.Claimer() != u.ID
	if heldByOther && key != apperr.ErrForbidden.Key {
		name := "—"
		if names, err := s.staffNames(c.Request.Context()); err == nil && names[a.Claimer()] != "" {
			name = names[a.Claimer()]
		}
		return i18n.T(lang, "review.error.claimed_by", name)
	}
	if key == "application.wrong_status" || key == "application.changed_meanwhile" {
		return i18n.T(lang, "review.error.status_now", i18n.T(lang, "status."+string(a.Status)))
	}
	return i18n.T(lang, key)
}
