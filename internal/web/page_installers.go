package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/scheduling"
)

type adminInstallersData struct {
	Installers []scheduling.Installer
	Accounts   []auth.User // installer accounts, for the profile form
}

func (s *Server) adminInstallersPage(c *gin.Context) {
	f := Form{}
	if v := c.Query("edit"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if in, err := s.Scheduling.Installer(c.Request.Context(), *currentUser(c), id); err == nil {
			f.Values = installerFormValues(in)
		}
	}
	s.renderAdminInstallers(c, http.StatusOK, f)
}

func installerFormValues(in scheduling.Installer) map[string]string {
	var lines []string
	for _, d := range in.Districts {
		lines = append(lines, d.Province+" "+d.City+" "+d.District)
	}
	active := ""
	if in.Active {
		active = "on"
	}
	return map[string]string{"user_id": strconv.FormatInt(in.UserID, 10), "time_zone": in.TimeZone,
		"daily_cap": strconv.Itoa(in.DailyCap), "active": active, "districts": strings.Join(lines, "\n")}
}

func (s *Server) renderAdminInstallers(c *gin.Context, status int, f Form) {
	ctx := c.Request.Context()
	list, err := s.Scheduling.Installers(ctx, *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	accounts, err := s.Auth.ListUsers(ctx, auth.Installer)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f.Values == nil {
		f.Values = map[string]string{"time_zone": scheduling.DefaultTimeZone, "daily_cap": "6", "active": "on"}
	}
	s.render.render(c, status, "admin_installers", s.formPage(c, "installers.title", adminInstallersData{Installers: list, Accounts: accounts}, f))
}

// parseDistricts reads one service area per line: "省 市 区", or "市 区"
// for the municipalities whose province and city are the same.
func parseDistricts(text string) ([]scheduling.District, bool) {
	var out []scheduling.District
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Fields(line)
		switch len(parts) {
		case 0:
			continue
		case 2:
			out = append(out, scheduling.District{Province: parts[0], City: parts[0], District: parts[1]})
		case 3:
			out = append(out, scheduling.District{Province: parts[0], City: parts[1], District: parts[2]})
		default:
			return nil, false
		}
	}
	return out, true
}

func (s *Server) adminInstallersSave(c *gin.Context) {
	in := scheduling.InstallerInput{TimeZone: strings.TrimSpace(c.PostForm("time_zone")), Active: c.PostForm("active") != ""}
	in.UserID, _ = strconv.ParseInt(c.PostForm("user_id"), 10, 64)
	in.DailyCap, _ = strconv.Atoi(c.PostForm("daily_cap"))
	districts, ok := parseDistricts(c.PostForm("districts"))
	in.Districts = districts
	var err error
	if !ok {
		err = apperr.Fields(map[string]string{"districts": "scheduling.field.districts"})
	} else {
		_, err = s.Scheduling.SaveInstaller(c.Request.Context(), *currentUser(c), in, c.ClientIP())
	}
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		f := Form{Values: map[string]string{"user_id": c.PostForm("user_id"), "time_zone": in.TimeZone, "daily_cap": c.PostForm("daily_cap"),
			"active": c.PostForm("active"), "districts": c.PostForm("districts")}, Errors: e.Fields, Error: e.Key}
		s.renderAdminInstallers(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.installers.saved")
	c.Redirect(http.StatusSeeOther, "/admin/installers")
}

// weekdayRow is one line of the working-hours form.
type weekdayRow struct {
	Weekday time.Weekday
	Name    string // time.Weekday's English name, for the message key
	Start   string
	End     string
}

type availabilityData struct {
	Installer scheduling.Installer
	Days      []weekdayRow
	Blocked   string
	FeedURL   string // set only right after a rotation
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func parseClock(v string) (int, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(v))
	if err != nil {
		if strings.TrimSpace(v) == "24:00" {
			return 24 * 60, true
		}
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

func (s *Server) availabilityPage(c *gin.Context) {
	s.renderAvailability(c, http.StatusOK, Form{}, "")
}

func (s *Server) renderAvailability(c *gin.Context, status int, f Form, feedURL string) {
	me, err := s.Scheduling.Me(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := availabilityData{Installer: me, Blocked: strings.Join(me.Blocked, "\n"), FeedURL: feedURL}
	hours := map[time.Weekday]scheduling.Hours{}
	for _, h := range me.Hours {
		hours[h.Weekday] = h
	}
	// Monday first, as Chinese calendars are laid out.
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		row := weekdayRow{Weekday: wd, Name: wd.String()}
		if h, ok := hours[wd]; ok {
			row.Start, row.End = clock(h.Start), clock(h.End)
		}
		if f.Values != nil {
			row.Start, row.End = f.Values[fmt.Sprintf("start_%d", wd)], f.Values[fmt.Sprintf("end_%d", wd)]
		}
		d.Days = append(d.Days, row)
	}
	if f.Values != nil {
		d.Blocked = f.Values["blocked"]
	}
	s.render.render(c, status, "installer_availability", s.formPage(c, "availability.title", d, f))
}

func (s *Server) availabilitySave(c *gin.Context) {
	ctx := c.Request.Context()
	me, err := s.Scheduling.Me(ctx, *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	var hours []scheduling.Hours
	fields := map[string]string{}
	values := map[string]string{"blocked": c.PostForm("blocked")}
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		sv, ev := c.PostForm(fmt.Sprintf("start_%d", wd)), c.PostForm(fmt.Sprintf("end_%d", wd))
		values[fmt.Sprintf("start_%d", wd)], values[fmt.Sprintf("end_%d", wd)] = sv, ev
		if strings.TrimSpace(sv) == "" && strings.TrimSpace(ev) == "" {
			continue
		}
		start, ok1 := parseClock(sv)
		end, ok2 := parseClock(ev)
		if !ok1 || !ok2 {
			fields[fmt.Sprintf("hours_%d", wd)] = "scheduling.field.hours"
			continue
		}
		hours = append(hours, scheduling.Hours{Weekday: wd, Start: start, End: end})
	}
	if len(fields) == 0 {
		_, err = s.Scheduling.SetAvailability(ctx, *currentUser(c), me.ID, hours, strings.Split(c.PostForm("blocked"), "\n"), c.ClientIP())
	} else {
		err = apperr.Fields(fields)
	}
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.renderAvailability(c, http.StatusUnprocessableEntity, Form{Values: values, Errors: e.Fields, Error: e.Key}, "")
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.availability.saved")
	c.Redirect(http.StatusSeeOther, "/installer/availability")
}

// feedRotate makes a new calendar token and shows its URL once, in this
// response: only the token's hash is stored.
func (s *Server) feedRotate(c *gin.Context) {
	token, err := s.Scheduling.RotateFeedToken(c.Request.Context(), *currentUser(c), c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	s.renderAvailability(c, http.StatusOK, Form{}, strings.TrimRight(s.baseURL(c), "/")+"/calendar/"+token+".ics")
}

// baseURL is the configured public URL, or the one this request came to.
func (s *Server) baseURL(c *gin.Context) string {
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// calendarFeed serves GET /calendar/{token}.ics.
func (s *Server) calendarFeed(c *gin.Context) {
	file := c.Param("file")
	token, ok := strings.CutSuffix(file, ".ics")
	if !ok {
		s.fail(c, apperr.ErrNotFound)
		return
	}
	body, err := s.Scheduling.Feed(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-cache")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}
