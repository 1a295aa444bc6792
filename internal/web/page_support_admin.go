package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/shanghai"
	"posportal/support"
)

type releasesData struct {
	Releases []support.Release
	Models   []catalog.Model
	Statuses []support.ReleaseStatus
}

func (s *Server) adminReleasesPage(c *gin.Context) { s.renderReleases(c, http.StatusOK, Form{}) }

func (s *Server) renderReleases(c *gin.Context, status int, f Form) {
	ctx := c.Request.Context()
	rs, err := s.Support.Releases(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.Catalog.Models(ctx, catalog.Filter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, status, "support_releases", s.formPage(c, "support.releases.title",
		releasesData{Releases: rs, Models: ms, Statuses: support.ReleaseStatuses}, f))
}

func (s *Server) adminReleaseCreate(c *gin.Context) {
	values := map[string]string{}
	for _, k := range []string{"model_id", "version", "min_hardware_revision", "status", "notes"} {
		values[k] = c.PostForm(k)
	}
	n := support.NewRelease{Version: values["version"], MinHardwareRevision: values["min_hardware_revision"],
		Status: support.ReleaseStatus(values["status"]), Notes: values["notes"]}
	n.ModelID, _ = strconv.ParseInt(values["model_id"], 10, 64)
	_, err := s.Support.CreateRelease(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderReleases(c, http.StatusUnprocessableEntity, Form{Values: values, Errors: e.Fields, Error: e.Key})
		return
	}
	s.adminBack(c, err, "/admin/support/releases", "support.flash.release_saved")
}

func (s *Server) adminReleaseStatus(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Support.SetReleaseStatus(c.Request.Context(), currentUser(c), id, support.ReleaseStatus(c.PostForm("status")), c.ClientIP())
	s.adminBack(c, err, "/admin/support/releases", "support.flash.release_saved")
}

func (s *Server) adminReleaseClear(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Support.ClearSuspect(c.Request.Context(), currentUser(c), id, c.ClientIP())
	s.adminBack(c, err, "/admin/support/releases", "support.flash.release_saved")
}

// adminBack redirects after an admin action: a conflict becomes a flash on
// the page it came from, anything else unexpected an error page.
func (s *Server) adminBack(c *gin.Context, err error, to, flash string) {
	if e := apperr.As(err); e != nil && (e.Code == apperr.Conflict || e.Code == apperr.Validation) {
		flash = asUserError(err)
	} else if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, to)
}

type noticesData struct {
	Notices   []support.Notice
	Models    []catalog.Model
	Providers []catalog.Provider
	Kinds     []support.NoticeKind
	Targets   []support.Target
	Now       time.Time
}

func (s *Server) adminNoticesPage(c *gin.Context) { s.renderNotices(c, http.StatusOK, Form{}) }

func (s *Server) renderNotices(c *gin.Context, status int, f Form) {
	ctx := c.Request.Context()
	d := noticesData{Kinds: support.NoticeKinds, Targets: support.Targets, Now: time.Now()}
	var err error
	if d.Notices, err = s.Support.AllNotices(ctx, *currentUser(c)); err != nil {
		s.fail(c, err)
		return
	}
	if d.Models, err = s.Catalog.Models(ctx, catalog.Filter{}); err != nil {
		s.fail(c, err)
		return
	}
	if d.Providers, err = s.Catalog.Providers(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, status, "support_notices", s.formPage(c, "support.notices.title", d, f))
}

// formTime parses a datetime-local field in Asia/Shanghai; empty is nil.
func formTime(v string) (*time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, shanghai.Location)
	if err != nil {
		return nil, false
	}
	return &t, true
}

func (s *Server) adminNoticeCreate(c *gin.Context) {
	values := map[string]string{}
	for _, k := range []string{"kind", "target", "model_id", "provider_id", "title_zh", "title_en", "body_zh", "body_en", "starts_at", "ends_at"} {
		values[k] = c.PostForm(k)
	}
	n := support.NewNotice{Kind: support.NoticeKind(values["kind"]), Target: support.Target(values["target"]),
		TitleZH: values["title_zh"], TitleEN: values["title_en"], BodyZH: values["body_zh"], BodyEN: values["body_en"]}
	if id, err := strconv.ParseInt(values["model_id"], 10, 64); err == nil {
		n.ModelID = &id
	}
	if id, err := strconv.ParseInt(values["provider_id"], 10, 64); err == nil {
		n.ProviderID = &id
	}
	fields := map[string]string{}
	if t, ok := formTime(values["starts_at"]); !ok {
		fields["starts_at"] = "support.field.time"
	} else if t != nil {
		n.StartsAt = *t
	}
	if t, ok := formTime(values["ends_at"]); !ok {
		fields["ends_at"] = "support.field.time"
	} else {
		n.EndsAt = t
	}
	var err error
	if len(fields) > 0 {
		err = apperr.Fields(fields)
	} else {
		_, err = s.Support.CreateNotice(c.Request.Context(), currentUser(c), n, c.ClientIP())
	}
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderNotices(c, http.StatusUnprocessableEntity, Form{Values: values, Errors: e.Fields, Error: e.Key})
		return
	}
	s.adminBack(c, err, "/admin/support/notices", "support.flash.notice_posted")
}

type noticeData struct {
	Notice  support.Notice
	Pending []support.Unacknowledged
}

// adminNoticePage shows a notice and the merchants it concerns who have
// not acknowledged it.
func (s *Server) adminNoticePage(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx, u := c.Request.Context(), *currentUser(c)
	n, err := s.Support.Notice(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	pending, err := s.Support.NotAcknowledged(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "support_notice", s.page(c, "support.notice.title", noticeData{Notice: n, Pending: pending}))
}

type integrationsData struct {
	Integrations []support.Integration
	Providers    []catalog.Provider
	// Token is a freshly created or rotated token, shown once.
	Token     string
	TokenName string
}

func (s *Server) adminIntegrationsPage(c *gin.Context) {
	s.renderIntegrations(c, http.StatusOK, integrationsData{}, Form{})
}

func (s *Server) renderIntegrations(c *gin.Context, status int, d integrationsData, f Form) {
	var err error
	if d.Integrations, err = s.Support.Integrations(c.Request.Context(), *currentUser(c)); err != nil {
		s.fail(c, err)
		return
	}
	if d.Providers, err = s.Catalog.Providers(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store") // the page may carry a token
	s.render.render(c, status, "support_integrations", s.formPage(c, "support.integrations.title", d, f))
}

// adminIntegrationCreate answers with the page itself, not a redirect: the
// token is shown this once and must not travel in a URL or cookie.
func (s *Server) adminIntegrationCreate(c *gin.Context) {
	name, provider := c.PostForm("name"), c.PostForm("provider_id")
	providerID, _ := strconv.ParseInt(provider, 10, 64)
	in, token, err := s.Support.CreateIntegration(c.Request.Context(), currentUser(c), name, providerID, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderIntegrations(c, http.StatusUnprocessableEntity, integrationsData{},
			Form{Values: map[string]string{"name": name, "provider_id": provider}, Errors: e.Fields, Error: e.Key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderIntegrations(c, http.StatusCreated, integrationsData{Token: token, TokenName: in.Name}, Form{})
}

func (s *Server) adminIntegrationRotate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	token, err := s.Support.RotateIntegration(c.Request.Context(), currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderIntegrations(c, http.StatusOK, integrationsData{Token: token, TokenName: "#" + strconv.FormatInt(id, 10)}, Form{})
}

// adminIntegrationScope limits an unscoped account to the chosen provider.
func (s *Server) adminIntegrationScope(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	providerID, _ := strconv.ParseInt(c.PostForm("provider_id"), 10, 64)
	_, err = s.Support.ScopeIntegration(c.Request.Context(), currentUser(c), id, providerID, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderIntegrations(c, http.StatusUnprocessableEntity, integrationsData{}, Form{Errors: e.Fields, Error: e.Key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/support/integrations")
}
