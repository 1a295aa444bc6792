package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
)

// scheduleDay is one day of the merchant's date picker.
type scheduleDay struct {
	Date     string // YYYY-MM-DD in Asia/Shanghai
	Day      time.Time
	Count    int
	Selected bool
}

type schedulePageData struct {
	App          onboarding.Application
	Kinds        []scheduling.Kind
	Kind         scheduling.Kind
	Days         []scheduleDay
	Times        []scheduling.Slot
	Appointments []scheduling.Appointment
	Move         *scheduling.Appointment // the appointment being rescheduled
	Notices      []scheduling.Notification
}

// scheduleURL is the booking page of application id.
func scheduleURL(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) + "/schedule" }

func (s *Server) schedulePage(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	s.renderSchedule(c, http.StatusOK, a, Form{})
}

// renderSchedule shows the application's appointments and, when a kind
// may be booked (or one is being moved), the days with free times and the
// times of the chosen day.
func (s *Server) renderSchedule(c *gin.Context, status int, a onboarding.Application, f Form) {
	ctx := c.Request.Context()
	u := *currentUser(c)
	list, err := s.Scheduling.ForApplication(ctx, u, a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	notes, err := s.Scheduling.Notifications(ctx, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := schedulePageData{App: a, Kinds: scheduling.KindsFor(a.Status), Appointments: list, Notices: notes}
	if v := c.Query("move"); v != "" {
		for i := range list {
			if strconv.FormatInt(list[i].ID, 10) == v && list[i].Status == scheduling.StatusBooked {
				d.Move = &list[i]
			}
		}
	}
	var slots []scheduling.Slot
	switch {
	case d.Move != nil:
		d.Kind = d.Move.Kind
		slots, err = s.Scheduling.RescheduleSlots(ctx, u, d.Move.ID)
	case len(d.Kinds) > 0:
		d.Kind = d.Kinds[0]
		if k, kerr := scheduling.ParseKind(c.Query("kind")); kerr == nil {
			for _, ok := range d.Kinds {
				if ok == k {
					d.Kind = k
				}
			}
		}
		slots, err = s.Scheduling.Slots(ctx, u, a.ID, d.Kind, time.Now(), 0)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	chosen := c.Query("day")
	byDay := map[string]int{}
	var order []string
	for _, sl := range slots {
		day := sl.Start.In(shanghai.Location).Format(time.DateOnly)
		if byDay[day] == 0 {
			order = append(order, day)
		}
		byDay[day]++
	}
	if chosen == "" && len(order) > 0 {
		chosen = order[0]
	}
	for _, day := range order {
		t, _ := time.ParseInLocation(time.DateOnly, day, shanghai.Location)
		d.Days = append(d.Days, scheduleDay{Date: day, Day: t, Count: byDay[day], Selected: day == chosen})
	}
	for _, sl := range slots {
		if sl.Start.In(shanghai.Location).Format(time.DateOnly) == chosen {
			d.Times = append(d.Times, sl)
		}
	}
	s.render.render(c, status, "schedule", s.formPage(c, "schedule.title", d, f))
}

// formStart reads a slot start posted as Unix seconds.
func formStart(c *gin.Context) (time.Time, error) {
	n, err := strconv.ParseInt(c.PostForm("start"), 10, 64)
	if err != nil {
		return time.Time{}, apperr.Fields(map[string]string{"start": "scheduling.field.start"})
	}
	return time.Unix(n, 0), nil
}

// afterChange re-renders the page for a lost slot or a refused time, and
// otherwise redirects to the application with a flash.
func (s *Server) afterScheduleChange(c *gin.Context, a onboarding.Application, err error, flash string) {
	var taken *scheduling.SlotTakenError
	if errors.As(err, &taken) || asUserError(err) != "" {
		f := Form{Error: asUserError(err)}
		if e := apperr.As(err); e != nil && e.Fields["start"] == f.Error {
			f.ErrorArgs = e.FieldArgs["start"]
		}
		s.renderSchedule(c, statusFor(err), a, f)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, "/applications/"+strconv.FormatInt(a.ID, 10))
}

func (s *Server) scheduleBook(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	kind, err := scheduling.ParseKind(c.PostForm("kind"))
	var start time.Time
	if err == nil {
		start, err = formStart(c)
	}
	if err == nil {
		_, err = s.Scheduling.Book(c.Request.Context(), *currentUser(c), a.ID, kind, start, c.ClientIP())
	}
	s.afterScheduleChange(c, a, err, "flash.schedule.booked")
}

func (s *Server) scheduleReschedule(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	id, err := pathID(c, "appt")
	if err != nil {
		s.fail(c, err)
		return
	}
	start, err := formStart(c)
	if err == nil {
		_, err = s.Scheduling.Reschedule(c.Request.Context(), *currentUser(c), id, start, c.ClientIP())
	}
	s.afterScheduleChange(c, a, err, "flash.schedule.rescheduled")
}

func (s *Server) scheduleCancel(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	id, err := pathID(c, "appt")
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.PostForm("confirm") != "yes" {
		c.Redirect(http.StatusSeeOther, cancelConfirmURL(a.ID, id))
		return
	}
	_, err = s.Scheduling.Cancel(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	s.afterScheduleChange(c, a, err, "flash.schedule.cancelled")
}

// overviewAppointments is the application's appointments for its overview
// page; the overview still renders (without them) if they cannot be read.
func (s *Server) overviewAppointments(c *gin.Context, a onboarding.Application) []scheduling.Appointment {
	if s.Scheduling == nil {
		return nil
	}
	list, err := s.Scheduling.ForApplication(c.Request.Context(), *currentUser(c), a.ID)
	if err != nil {
		c.Error(err)
		return nil
	}
	return list
}
