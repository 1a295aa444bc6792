package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/shanghai"
	"posportal/scheduling"
)

// agendaDay is one day of the installer's agenda.
type agendaDay struct {
	Day    time.Time
	Visits []scheduling.Visit
}

type agendaData struct {
	View       string // "day" or "week"
	From       time.Time
	Prev, Next string // YYYY-MM-DD
	Days       []agendaDay
	Empty      bool
}

func (s *Server) agendaPage(c *gin.Context) {
	view := c.DefaultQuery("view", "week")
	days := 7
	if view == "day" {
		days = 1
	} else {
		view = "week"
	}
	now := time.Now().In(shanghai.Location)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, shanghai.Location)
	if v := c.Query("date"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, shanghai.Location)
		if err != nil {
			s.fail(c, apperr.New(apperr.Invalid, "scheduling.field.from"))
			return
		}
		from = t
	}
	visits, err := s.Scheduling.Agenda(c.Request.Context(), *currentUser(c), from, days)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := agendaData{View: view, From: from, Prev: from.AddDate(0, 0, -days).Format(time.DateOnly),
		Next: from.AddDate(0, 0, days).Format(time.DateOnly), Empty: len(visits) == 0}
	for i := range days {
		day := agendaDay{Day: from.AddDate(0, 0, i)}
		for _, v := range visits {
			if v.Start.In(shanghai.Location).Format(time.DateOnly) == day.Day.Format(time.DateOnly) {
				day.Visits = append(day.Visits, v)
			}
		}
		d.Days = append(d.Days, day)
	}
	s.render.render(c, http.StatusOK, "installer_agenda", s.page(c, "agenda.title", d))
}

type visitData struct {
	Visit     scheduling.Visit
	Rows      []int // one form row per terminal
	Completed *time.Time
	// Models are offered by name, so the installer picks what is on the
	// box rather than typing a catalog number.
	Models []catalog.Model
}

func (s *Server) visitPage(c *gin.Context) {
	s.renderVisit(c, http.StatusOK, Form{})
}

func (s *Server) renderVisit(c *gin.Context, status int, f Form) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Appointment(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, _ := s.Scheduling.Visit(c.Request.Context(), *currentUser(c), id)
	models, err := s.Catalog.Models(c.Request.Context(), catalog.Filter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := visitData{Visit: v, Completed: ap.CompletedAt, Models: models}
	n := int(v.Terminals)
	if n < 1 {
		n = 1
	}
	for i := range n {
		d.Rows = append(d.Rows, i)
	}
	s.render.render(c, status, "installer_visit", s.formPage(c, "visit.title", d, f))
}

func (s *Server) visitComplete(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var done scheduling.Completion
	values := map[string]string{}
	for i := 0; i < 50; i++ {
		serial, ok := c.GetPostForm("serial_" + strconv.Itoa(i))
		if !ok {
			break
		}
		model, _ := strconv.ParseInt(c.PostForm("model_"+strconv.Itoa(i)), 10, 64)
		done.Devices = append(done.Devices, scheduling.InstalledDevice{Serial: serial, ModelID: model,
			HardwareRevision: c.PostForm("hw_" + strconv.Itoa(i)), FirmwareVersion: c.PostForm("fw_" + strconv.Itoa(i))})
		for _, k := range []string{"serial_", "model_", "hw_", "fw_"} {
			values[k+strconv.Itoa(i)] = c.PostForm(k + strconv.Itoa(i))
		}
	}
	check := func(k string) bool { values[k] = c.PostForm(k); return c.PostForm(k) != "" }
	done.Checklist = scheduling.Checklist{PowerOn: check("power_on"), NetworkTest: check("network_test"),
		TestTransaction: check("test_transaction"), ReceiptPrint: check("receipt_print"), MerchantSignoff: check("merchant_signoff")}
	_, err = s.Scheduling.Complete(c.Request.Context(), *currentUser(c), id, done, c.ClientIP())
	if key := asUserError(err); key != "" {
		e := apperr.As(err)
		s.renderVisit(c, statusFor(err), Form{Values: values, Errors: e.Fields, Error: key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.visit.completed")
	c.Redirect(http.StatusSeeOther, "/installer/agenda")
}

// apiCompleteAppointment is POST /api/v1/appointments/{id}/complete.
func (s *Server) apiCompleteAppointment(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var done scheduling.Completion
	if err := decodeJSON(c, &done); err != nil {
		s.fail(c, err)
		return
	}
	ap, err := s.Scheduling.Complete(c.Request.Context(), *currentUser(c), id, done, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ap)
}

type outboxData struct {
	Messages []scheduling.OutboxMessage
}

func (s *Server) outboxPage(c *gin.Context) {
	list, err := s.Scheduling.Outbox(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "admin_outbox", s.page(c, "outbox.title", outboxData{Messages: list}))
}
