package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
)

type trainingMerchantData struct {
	App      onboarding.Application
	Sessions []scheduling.TrainingSession
	Seat     *scheduling.TrainingSeat
	Session  *scheduling.TrainingSession // the seat's session
}

func (s *Server) trainingMerchantPage(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	s.renderTrainingMerchant(c, http.StatusOK, a, Form{})
}

func (s *Server) renderTrainingMerchant(c *gin.Context, status int, a onboarding.Application, f Form) {
	ctx := c.Request.Context()
	u := *currentUser(c)
	list, err := s.Scheduling.TrainingSessions(ctx, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := trainingMerchantData{App: a, Sessions: list}
	seat, err := s.Scheduling.MyTrainingSeat(ctx, u, a.ID)
	switch {
	case err == nil:
		d.Seat = &seat
		for i := range list {
			if list[i].ID == seat.SessionID {
				d.Session = &list[i]
			}
		}
	case !errors.Is(err, apperr.ErrNotFound):
		s.fail(c, err)
		return
	}
	s.render.render(c, status, "training_merchant", s.formPage(c, "training.title", d, f))
}

func (s *Server) trainingMerchantBook(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	sid, _ := strconv.ParseInt(c.PostForm("session_id"), 10, 64)
	_, err := s.Scheduling.BookTrainingSeat(c.Request.Context(), *currentUser(c), a.ID, sid, c.ClientIP())
	if key := asUserError(err); key != "" {
		s.renderTrainingMerchant(c, statusFor(err), a, Form{Error: key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.training.booked")
	c.Redirect(http.StatusSeeOther, "/applications/"+strconv.FormatInt(a.ID, 10)+"/training")
}

type trainingStaffData struct {
	Sessions []scheduling.TrainingSession
	Trainers []scheduling.Installer // admins only: who may run a session
}

func (s *Server) trainingStaffPage(c *gin.Context) {
	s.renderTrainingStaff(c, http.StatusOK, Form{Values: map[string]string{"mode": scheduling.ModeBranch, "minutes": "90", "capacity": "10"}})
}

func (s *Server) renderTrainingStaff(c *gin.Context, status int, f Form) {
	ctx := c.Request.Context()
	u := *currentUser(c)
	list, err := s.Scheduling.TrainingSessions(ctx, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := trainingStaffData{Sessions: list}
	if u.Role == auth.Admin {
		if d.Trainers, err = s.Scheduling.Installers(ctx, u); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render.render(c, status, "training_staff", s.formPage(c, "training.staff_title", d, f))
}

// trainingStart reads the form's local date and time (Asia/Shanghai).
func trainingStart(day, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, shanghai.Location)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (s *Server) trainingCreate(c *gin.Context) {
	keys := []string{"mode", "place", "day", "time", "minutes", "capacity", "trainer_user_id"}
	values := map[string]string{}
	for _, k := range keys {
		values[k] = c.PostForm(k)
	}
	minutes, _ := strconv.Atoi(values["minutes"])
	capacity, _ := strconv.Atoi(values["capacity"])
	trainer, _ := strconv.ParseInt(values["trainer_user_id"], 10, 64)
	in := scheduling.TrainingInput{Mode: values["mode"], Place: values["place"], Start: trainingStart(values["day"], values["time"]),
		Minutes: minutes, Capacity: capacity, TrainerID: trainer}
	t, err := s.Scheduling.CreateTrainingSession(c.Request.Context(), *currentUser(c), in, c.ClientIP())
	if key := asUserError(err); key != "" {
		e := apperr.As(err)
		if e.Fields["start"] != "" {
			e.Fields["day"] = e.Fields["start"]
		}
		s.renderTrainingStaff(c, statusFor(err), Form{Values: values, Errors: e.Fields, Error: key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.training.created")
	c.Redirect(http.StatusSeeOther, "/training/"+strconv.FormatInt(t.ID, 10))
}

type trainingSessionData struct {
	Session scheduling.TrainingSession
	Seats   []scheduling.TrainingSeat
}

func (s *Server) trainingSessionPage(c *gin.Context) {
	s.renderTrainingSession(c, http.StatusOK, Form{})
}

func (s *Server) renderTrainingSession(c *gin.Context, status int, f Form) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	t, seats, err := s.Scheduling.TrainingSession(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, status, "training_session", s.formPage(c, "training.session_title", trainingSessionData{Session: t, Seats: seats}, f))
}

func (s *Server) trainingAttend(c *gin.Context) {
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
	s.setFlash(c, "flash.training.attended")
	c.Redirect(http.StatusSeeOther, "/training/"+strconv.FormatInt(seat.SessionID, 10))
}
