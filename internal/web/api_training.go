package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/scheduling"
)

// apiTrainingSessions is GET /api/v1/training-sessions.
func (s *Server) apiTrainingSessions(c *gin.Context) {
	list, err := s.Scheduling.TrainingSessions(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []scheduling.TrainingSession{}
	}
	c.JSON(http.StatusOK, gin.H{"sessions": list})
}

// apiTrainingCreate is POST /api/v1/training-sessions (admins).
func (s *Server) apiTrainingCreate(c *gin.Context) {
	var in scheduling.TrainingInput
	if err := decodeJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.Scheduling.CreateTrainingSession(c.Request.Context(), *currentUser(c), in, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, t)
}

// apiTrainingBook is POST /api/v1/applications/{id}/training-seat
// {"session_id"}: a 409 when the session is full.
func (s *Server) apiTrainingBook(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body struct {
		SessionID int64 `json:"session_id"`
	}
	if err := decodeJSON(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	seat, err := s.Scheduling.BookTrainingSeat(c.Request.Context(), *currentUser(c), id, body.SessionID, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, seat)
}

// apiTrainingAttend is POST /api/v1/training-seats/{id}/attend.
func (s *Server) apiTrainingAttend(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	seat, err := s.Scheduling.MarkAttended(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, seat)
}

// installationRecordPDF is GET /api/v1/appointments/{id}/record.pdf: the
// record of a completed installation, for its merchant, its installer and
// admins, in the requester's language.
func (s *Server) installationRecordPDF(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	doc, err := s.Scheduling.InstallationRecordPDF(c.Request.Context(), *currentUser(c), id, langOf(c), s.PDFFont)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+scheduling.RecordID(id)+`.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
