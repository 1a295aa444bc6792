package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/support"
)

type devicesData struct {
	Devices   []support.Device
	Sessions  []support.Session
	Models    []catalog.Model
	Providers []catalog.Provider
	// ByDevice names each session's device for the recent-sessions list.
	ByDevice map[int64]string
	// ImportErrors lists a refused CSV import's problems by line.
	ImportErrors []support.RowError
	CSVHeader    string
}

// devicesPage is "my devices" for a merchant and the device registry
// (with the registration form for admins) for staff.
func (s *Server) devicesPage(c *gin.Context) { s.renderDevices(c, http.StatusOK, Form{}) }

func (s *Server) renderDevices(c *gin.Context, status int, f Form, importErrs ...support.RowError) {
	ctx, u := c.Request.Context(), *currentUser(c)
	ds, err := s.Support.Devices(ctx, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := devicesData{Devices: ds, ByDevice: map[int64]string{}, ImportErrors: importErrs, CSVHeader: strings.Join(support.DeviceCSVHeader, ",")}
	for _, dev := range ds {
		d.ByDevice[dev.ID] = dev.Serial
	}
	switch u.Role {
	case auth.Merchant:
		if d.Sessions, err = s.Support.Sessions(ctx, u); err != nil {
			s.fail(c, err)
			return
		}
	case auth.Admin:
		if d.Models, err = s.Catalog.Models(ctx, catalog.Filter{}); err != nil {
			s.fail(c, err)
			return
		}
		if d.Providers, err = s.Catalog.Providers(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	title := "support.devices.title"
	if u.Role != auth.Merchant {
		title = "support.devices.title_staff" // staff see every merchant's devices, not "my devices"
	}
	s.render.render(c, status, "support_devices", s.formPage(c, title, d, f))
}

// adminDeviceCreate registers a device from the admin form; the merchant
// is named by the e-mail of their account.
func (s *Server) adminDeviceCreate(c *gin.Context) {
	ctx := c.Request.Context()
	values := map[string]string{}
	for _, k := range []string{"serial", "merchant_email", "model_id", "hardware_revision", "firmware_version", "provider_id"} {
		values[k] = c.PostForm(k)
	}
	n := support.NewDevice{Serial: values["serial"], HardwareRevision: values["hardware_revision"], FirmwareVersion: values["firmware_version"]}
	n.ModelID, _ = strconv.ParseInt(values["model_id"], 10, 64)
	n.ProviderID, _ = strconv.ParseInt(values["provider_id"], 10, 64)
	m, err := s.Auth.UserByEmail(ctx, values["merchant_email"])
	if err == nil && m.Role == auth.Merchant {
		n.MerchantID = m.ID
	}
	_, err = s.Support.CreateDevice(ctx, currentUser(c), n, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		if e.Fields["merchant_id"] != "" {
			e.Fields["merchant_email"] = "support.field.merchant_email"
		}
		s.renderDevices(c, http.StatusUnprocessableEntity, Form{Values: values, Errors: e.Fields, Error: e.Key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "support.flash.device_created")
	c.Redirect(http.StatusSeeOther, "/devices")
}

// maxDeviceCSV bounds an uploaded device list (5,000 rows fit easily).
const maxDeviceCSV = 1 << 20

// adminDeviceImport registers the devices of an uploaded CSV, all or none;
// a refused file re-renders the page with every problem by line.
func (s *Server) adminDeviceImport(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxDeviceCSV+64<<10)
	fh, err := c.FormFile("file")
	if err != nil {
		s.renderDevices(c, http.StatusUnprocessableEntity, Form{Error: "support.import.no_file"})
		return
	}
	if fh.Size > maxDeviceCSV {
		s.fail(c, apperr.New(apperr.TooLarge, "error.too_large"))
		return
	}
	file, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer file.Close()
	n, err := s.Support.ImportDevicesCSV(c.Request.Context(), currentUser(c), file, c.ClientIP())
	var ie *support.ImportError
	if errors.As(err, &ie) {
		s.renderDevices(c, http.StatusUnprocessableEntity, Form{Error: "support.import.failed"}, ie.Rows...)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if n > 0 {
		s.setFlash(c, "support.flash.imported")
	}
	c.Redirect(http.StatusSeeOther, "/devices")
}
