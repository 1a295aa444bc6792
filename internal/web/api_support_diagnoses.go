package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/support"
	"posportal/support/knowledge"
)

// diagnosisJSON is the §11 shape of a troubleshooting session.
type diagnosisJSON struct {
	ID         int64              `json:"id"`
	Status     string             `json:"status"`
	DeviceID   int64              `json:"device_id"`
	ReportID   string             `json:"report_id"`
	Context    []contextJSON      `json:"context"`
	Step       *stepJSON          `json:"step"`
	Diagnosis  *diagnosisBodyJSON `json:"diagnosis"`
	TicketID   *int64             `json:"ticket_id,omitempty"`
	Transcript []transcriptJSON   `json:"transcript"`
	CreatedAt  time.Time          `json:"created_at"`
}

type contextJSON struct {
	Check   knowledge.Check `json:"check"`
	Finding string          `json:"finding"`
}

type stepJSON struct {
	Node    string       `json:"node"`
	Prompt  string       `json:"prompt"`
	Help    string       `json:"help,omitempty"`
	Options []optionJSON `json:"options"`
}

type optionJSON struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type diagnosisBodyJSON struct {
	ID          string               `json:"id"`
	Title       string               `json:"title"`
	Category    knowledge.Category   `json:"category"`
	Cause       string               `json:"cause"`
	Remedies    []string             `json:"remedies"`
	SelfService bool                 `json:"self_service"`
	Escalation  knowledge.Escalation `json:"escalation"`
	Priority    knowledge.Priority   `json:"priority"`
	FromContext bool                 `json:"from_context"`
}

type transcriptJSON struct {
	Node   string `json:"node"`
	Prompt string `json:"prompt"`
	Option string `json:"option"`
	Answer string `json:"answer"`
}

func toDiagnosisJSON(ss support.Session, lang string) diagnosisJSON {
	j := diagnosisJSON{ID: ss.ID, Status: string(ss.Status), DeviceID: ss.DeviceID, ReportID: ss.ReportID,
		TicketID: ss.TicketID, Context: []contextJSON{}, Transcript: []transcriptJSON{}, CreatedAt: ss.CreatedAt}
	for _, f := range ss.Context {
		j.Context = append(j.Context, contextJSON{Check: f.Check, Finding: f.Evidence.For(lang)})
	}
	if q := ss.Question(); q != nil {
		st := &stepJSON{Node: q.ID, Prompt: q.Prompt.For(lang), Options: []optionJSON{}}
		if q.Help != nil {
			st.Help = q.Help.For(lang)
		}
		for _, o := range q.Options {
			st.Options = append(st.Options, optionJSON{ID: o.ID, Label: o.Label.For(lang)})
		}
		j.Step = st
	}
	if d := ss.Diagnosis(); d != nil {
		b := &diagnosisBodyJSON{ID: d.ID, Title: d.Title.For(lang), Category: d.Category, Cause: d.Cause.For(lang),
			Remedies: []string{}, SelfService: d.SelfService, Escalation: d.Escalation, Priority: d.Priority, FromContext: ss.FromContext()}
		for _, r := range d.Remedies {
			b.Remedies = append(b.Remedies, r.For(lang))
		}
		j.Diagnosis = b
	}
	for _, st := range ss.Transcript {
		t := transcriptJSON{Node: st.Node, Option: st.Option}
		if n, err := ss.Tree.Node(st.Node); err == nil {
			if q, ok := n.(*knowledge.Question); ok {
				t.Prompt = q.Prompt.For(lang)
				if o, ok := q.Option(st.Option); ok {
					t.Answer = o.Label.For(lang)
				}
			}
		}
		j.Transcript = append(j.Transcript, t)
	}
	return j
}

func (s *Server) apiStartDiagnosis(c *gin.Context) {
	var req struct {
		DeviceID int64 `json:"device_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.DeviceID == 0 {
		s.fail(c, apperr.Fields(map[string]string{"device_id": "field.required"}))
		return
	}
	ss, err := s.Support.StartSession(c.Request.Context(), *currentUser(c), req.DeviceID, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toDiagnosisJSON(ss, langOf(c)))
}

func (s *Server) apiGetDiagnosis(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ss, err := s.Support.Session(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toDiagnosisJSON(ss, langOf(c)))
}

// apiAnswerDiagnosis takes {"option"} and optionally {"node"}, the question
// being answered: with it a stale answer is refused with 409.
func (s *Server) apiAnswerDiagnosis(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Option string `json:"option"`
		Node   string `json:"node"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ss, err := s.Support.Answer(c.Request.Context(), *currentUser(c), id, req.Node, req.Option, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toDiagnosisJSON(ss, langOf(c)))
}

func (s *Server) apiDiagnosisOutcome(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Resolved *bool `json:"resolved"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.Resolved == nil {
		s.fail(c, apperr.Fields(map[string]string{"resolved": "field.required"}))
		return
	}
	ss, err := s.Support.Outcome(c.Request.Context(), *currentUser(c), id, *req.Resolved, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toDiagnosisJSON(ss, langOf(c)))
}

func (s *Server) apiDiagnosisReport(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	doc, err := s.Support.ReportPDF(c.Request.Context(), *currentUser(c), id, langOf(c), s.PDFFont)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="diagnosis-report-`+c.Param("id")+`.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
