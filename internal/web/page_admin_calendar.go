package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/shanghai"
	"posportal/internal/workcal"
)

type adminCalendarData struct {
	Years       []int
	Year        int
	Days        []workcal.Day
	Provisional bool // some of the year's entries still await confirmation
}

func (s *Server) adminCalendarPage(c *gin.Context) {
	year, err := calendarYear(c.Query("year"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminCalendar(c, http.StatusOK, year, Form{}, c.Query("edit"))
}

// renderAdminCalendar shows year; edit names a listed date whose entry
// fills the form, so changing a day starts from what it says now.
func (s *Server) renderAdminCalendar(c *gin.Context, status, year int, f Form, edit string) {
	ctx := c.Request.Context()
	years, err := s.Calendar.Years(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	days, err := s.Calendar.List(ctx, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !slices.Contains(years, year) {
		years = append(years, year)
		slices.Sort(years)
	}
	d := adminCalendarData{Years: years, Year: year, Days: days}
	for _, day := range days {
		d.Provisional = d.Provisional || day.Provisional
		if day.Date == edit && f.Values == nil {
			f.Values = map[string]string{"day": day.Date, "kind": string(day.Kind), "name_zh": day.NameZH, "name_en": day.NameEN}
		}
	}
	s.render.render(c, status, "admin_calendar", s.formPage(c, "calendar.title", d, f))
}

func (s *Server) adminCalendarSetDay(c *gin.Context) {
	in := workcal.DayInput{
		Date: c.PostForm("day"), Kind: workcal.Kind(c.PostForm("kind")),
		NameZH: c.PostForm("name_zh"), NameEN: c.PostForm("name_en"),
	}
	day, err := s.Calendar.SetDay(c.Request.Context(), currentUser(c), in, clientRequest(c))
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		year, yerr := calendarYear(c.PostForm("year"))
		if yerr != nil {
			year = thisYear()
		}
		f := Form{Values: map[string]string{"day": in.Date, "kind": string(in.Kind), "name_zh": in.NameZH, "name_en": in.NameEN}, Errors: e.Fields, Error: e.Key}
		s.renderAdminCalendar(c, http.StatusUnprocessableEntity, year, f, "")
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.calendar.saved")
	c.Redirect(http.StatusSeeOther, calendarURL(day.Date[:4]))
}

func (s *Server) adminCalendarDeleteDay(c *gin.Context) {
	date := c.Param("day")
	if err := s.Calendar.DeleteDay(c.Request.Context(), currentUser(c), date, clientRequest(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.calendar.deleted")
	c.Redirect(http.StatusSeeOther, calendarURL(date[:4]))
}

func (s *Server) adminCalendarConfirmYear(c *gin.Context) {
	year, err := calendarYear(c.Param("year"))
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.Calendar.ConfirmYear(c.Request.Context(), currentUser(c), year, clientRequest(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if n == 0 {
		s.setFlash(c, "flash.calendar.already_confirmed")
	} else {
		s.setFlash(c, "flash.calendar.confirmed")
	}
	c.Redirect(http.StatusSeeOther, calendarURL(strconv.Itoa(year)))
}

// calendarYear reads a year parameter; empty means this year. The
// service judges whether a number is a year it keeps.
func calendarYear(v string) (int, error) {
	if v == "" {
		return thisYear(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil {
		return 0, apperr.New(apperr.Invalid, "calendar.error.year")
	}
	return y, nil
}

func thisYear() int { return time.Now().In(shanghai.Location).Year() }

func calendarURL(year string) string { return fmt.Sprintf("/admin/calendar?year=%s", year) }
