package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/support"
)

func (s *Server) apiListDevices(c *gin.Context) {
	ds, err := s.Support.Devices(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if ds == nil {
		ds = []support.Device{}
	}
	c.JSON(http.StatusOK, gin.H{"devices": ds})
}

func (s *Server) apiCreateDevice(c *gin.Context) {
	var n support.NewDevice
	if err := decodeJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Support.CreateDevice(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, d)
}

// apiDeviceCheckIn is POST /api/v1/devices/{serial}/checkin for terminal
// management systems: "Authorization: Bearer <token>" of an integration
// account or a service token with devices:checkin, body {"firmware_version","upgrade_completed"}. A missing header
// counts as a bad token for the per-address throttle.
func (s *Server) apiDeviceCheckIn(c *gin.Context) {
	in, err := s.checkInCaller(c)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Unauthorized {
			c.Header("WWW-Authenticate", `Bearer realm="posportal"`)
			err = apperr.New(apperr.Unauthorized, "support.error.integration_token")
		}
		s.fail(c, err)
		return
	}
	var req support.CheckIn
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Support.RecordCheckIn(c.Request.Context(), in, c.Param("serial"), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"serial": d.Serial, "firmware_version": d.FirmwareVersion,
		"upgrade_completed": d.UpgradeCompleted, "last_checkin_at": d.LastCheckinAt})
}

// checkInCaller is the integration a check-in speaks for. A service token
// (already authenticated and scope-checked by authenticateBearer) checks
// in its bound provider's devices only; any other bearer value is an
// integration account's token.
func (s *Server) checkInCaller(c *gin.Context) (support.Integration, error) {
	if t := currentToken(c); t != nil {
		if t.ProviderID == nil { // refused at creation; never let it mean "every provider"
			return support.Integration{}, apperr.ErrForbidden
		}
		return support.Integration{Name: t.Name, ProviderID: t.ProviderID, APITokenID: t.ID}, nil
	}
	token, _ := bearerToken(c)
	return s.Support.AuthenticateCheckIn(c.Request.Context(), c.ClientIP(), token)
}

func (s *Server) apiCreateIntegration(c *gin.Context) {
	var req struct {
		Name       string `json:"name"`
		ProviderID int64  `json:"provider_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, token, err := s.Support.CreateIntegration(c.Request.Context(), currentUser(c), req.Name, req.ProviderID, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, gin.H{"id": in.ID, "name": in.Name, "provider_id": in.ProviderID, "token": token})
}

// apiScopeIntegration is PATCH /api/v1/integrations/{id} {"provider_id"}:
// it limits an account created before check-ins were scoped (or moves an
// account to another provider); the token stays the same.
func (s *Server) apiScopeIntegration(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		ProviderID int64 `json:"provider_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.Support.ScopeIntegration(c.Request.Context(), currentUser(c), id, req.ProviderID, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": in.ID, "name": in.Name, "provider_id": in.ProviderID})
}

func (s *Server) apiRotateIntegration(c *gin.Context) {
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
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"id": id, "token": token})
}
