package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/support"
)

// noticeJSON is a notice in the reader's language.
type noticeJSON struct {
	ID           int64              `json:"id"`
	Kind         support.NoticeKind `json:"kind"`
	Target       support.Target     `json:"target"`
	ModelID      *int64             `json:"model_id"`
	ProviderID   *int64             `json:"provider_id"`
	Title        string             `json:"title"`
	Body         string             `json:"body"`
	StartsAt     time.Time          `json:"starts_at"`
	EndsAt       *time.Time         `json:"ends_at"`
	Acknowledged bool               `json:"acknowledged"`
}

func toNoticeJSON(n support.Notice, lang string) noticeJSON {
	return noticeJSON{ID: n.ID, Kind: n.Kind, Target: n.Target, ModelID: n.ModelID, ProviderID: n.ProviderID,
		Title: n.Title(lang), Body: n.Body(lang), StartsAt: n.StartsAt, EndsAt: n.EndsAt, Acknowledged: n.Acknowledged}
}

func (s *Server) apiListNotices(c *gin.Context) {
	ns, err := s.Support.Notices(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]noticeJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, toNoticeJSON(n, langOf(c)))
	}
	c.JSON(http.StatusOK, gin.H{"notices": out})
}

func (s *Server) apiAckNotice(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Support.Acknowledge(c.Request.Context(), *currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id, "acknowledged": true})
}

func (s *Server) apiCreateNotice(c *gin.Context) {
	var n support.NewNotice
	if err := decodeJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	got, err := s.Support.CreateNotice(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toNoticeJSON(got, langOf(c)))
}

func (s *Server) apiNoticeUnacknowledged(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.Support.NotAcknowledged(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []support.Unacknowledged{}
	}
	c.JSON(http.StatusOK, gin.H{"merchants": list})
}

func (s *Server) apiListReleases(c *gin.Context) {
	rs, err := s.Support.Releases(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if rs == nil {
		rs = []support.Release{}
	}
	c.JSON(http.StatusOK, gin.H{"releases": rs})
}

func (s *Server) apiCreateRelease(c *gin.Context) {
	var n support.NewRelease
	if err := decodeJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.Support.CreateRelease(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (s *Server) apiReleaseStatus(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Status support.ReleaseStatus `json:"status"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.Support.SetReleaseStatus(c.Request.Context(), currentUser(c), id, req.Status, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *Server) apiReleaseClear(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.Support.ClearSuspect(c.Request.Context(), currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
