package scheduling

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/onboarding"
)

// Training session modes (§5): at a branch, or online.
const (
	ModeBranch = "branch"
	ModeOnline = "online"
)

// Seat statuses.
const (
	SeatBooked   = "booked"
	SeatAttended = "attended"
)

// TrainingSession is a group training with a capacity.
type TrainingSession struct {
	ID          int64     `db:"id" json:"id"`
	Mode        string    `db:"mode" json:"mode"`
	Place       string    `db:"place" json:"place"`
	Start       time.Time `db:"starts_at" json:"start"`
	End         time.Time `db:"ends_at" json:"end"`
	Capacity    int       `db:"capacity" json:"capacity"`
	Booked      int       `db:"booked" json:"booked"`
	TrainerID   int64     `db:"trainer_user_id" json:"-"`
	TrainerName string    `db:"trainer_name" json:"trainer"`
}

// Left is how many seats are still free.
func (t TrainingSession) Left() int { return t.Capacity - t.Booked }

// TrainingInput is what an admin enters for a session.
type TrainingInput struct {
	Mode      string    `json:"mode"`
	Place     string    `json:"place"`
	Start     time.Time `json:"start"`
	Minutes   int       `json:"minutes"`
	Capacity  int       `json:"capacity"`
	TrainerID int64     `json:"trainer_user_id"`
}

// TrainingSeat is a merchant's seat in a session for one application.
type TrainingSeat struct {
	ID            int64      `db:"id" json:"id"`
	SessionID     int64      `db:"session_id" json:"session_id"`
	ApplicationID int64      `db:"application_id" json:"application_id"`
	MerchantID    int64      `db:"merchant_id" json:"-"`
	MerchantName  string     `db:"merchant_name" json:"merchant"`
	Status        string     `db:"status" json:"status"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	AttendedAt    *time.Time `db:"attended_at" json:"attended_at"`
}

const sessionSelect = `SELECT t.id, t.mode, t.place, t.starts_at, t.ends_at, t.capacity, t.booked, t.trainer_user_id,
	u.name AS trainer_name FROM sched_training_sessions t JOIN users u ON u.id = t.trainer_user_id`

const seatSelect = `SELECT s.id, s.session_id, s.application_id, s.merchant_id, u.name AS merchant_name, s.status,
	s.created_at, s.attended_at FROM sched_training_seats s JOIN users u ON u.id = s.merchant_id`

// CreateTrainingSession adds a group session (admins only).
func (s *Service) CreateTrainingSession(ctx context.Context, actor auth.User, in TrainingInput, ip string) (TrainingSession, error) {
	if actor.Role != auth.Admin {
		return TrainingSession{}, apperr.ErrForbidden
	}
	in.Place = strings.TrimSpace(in.Place)
	f := map[string]string{}
	switch in.Mode {
	case ModeBranch:
		if in.Place == "" || len(in.Place) > 300 {
			f["place"] = "training.field.place"
		}
	case ModeOnline:
		if u, err := url.Parse(in.Place); err != nil || u.Scheme != "https" || u.Host == "" || len(in.Place) > 300 {
			f["place"] = "training.field.link"
		}
	default:
		f["mode"] = "training.field.mode"
	}
	now := s.now().UTC()
	if in.Start.IsZero() || !in.Start.After(now) {
		f["start"] = "training.field.start"
	}
	if in.Minutes < 15 || in.Minutes > 8*60 {
		f["minutes"] = "training.field.minutes"
	}
	if in.Capacity < 1 || in.Capacity > 500 {
		f["capacity"] = "training.field.capacity"
	}
	var role string
	if err := s.db.Get(ctx, &role, `SELECT role FROM users WHERE id = ?`, in.TrainerID); err != nil || role != string(auth.Installer) {
		f["trainer_user_id"] = "training.field.trainer"
	}
	if len(f) > 0 {
		return TrainingSession{}, apperr.Fields(f)
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.Get(ctx, &id, `INSERT INTO sched_training_sessions (mode, place, starts_at, ends_at, capacity, trainer_user_id,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Mode, in.Place, in.Start.UTC(),
			in.Start.Add(time.Duration(in.Minutes)*time.Minute).UTC(), in.Capacity, in.TrainerID, now, now); err != nil {
			return fmt.Errorf("insert training session: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.training.create",
			EntityType: "training_session", EntityID: &id, IP: ip, Detail: map[string]any{"capacity": in.Capacity, "mode": in.Mode}})
	})
	if err != nil {
		return TrainingSession{}, err
	}
	return s.trainingSession(ctx, s.db, id)
}

// TrainingSessions lists sessions: upcoming ones for merchants, an
// installer's own, and every one for admins; earliest first.
func (s *Service) TrainingSessions(ctx context.Context, actor auth.User) ([]TrainingSession, error) {
	var out []TrainingSession
	var err error
	switch actor.Role {
	case auth.Merchant:
		err = s.db.Select(ctx, &out, sessionSelect+` WHERE t.starts_at > ? ORDER BY t.starts_at, t.id`, s.now().UTC())
	case auth.Installer:
		err = s.db.Select(ctx, &out, sessionSelect+` WHERE t.trainer_user_id = ? ORDER BY t.starts_at, t.id`, actor.ID)
	case auth.Admin:
		err = s.db.Select(ctx, &out, sessionSelect+` ORDER BY t.starts_at, t.id`)
	default:
		return nil, apperr.ErrForbidden
	}
	if err != nil {
		return nil, fmt.Errorf("training sessions: %w", err)
	}
	return out, nil
}

// TrainingSession returns one session to staff who may run it; merchants
// see sessions through TrainingSessions.
func (s *Service) TrainingSession(ctx context.Context, actor auth.User, id int64) (TrainingSession, []TrainingSeat, error) {
	t, err := s.trainingSession(ctx, s.db, id)
	if err != nil {
		return TrainingSession{}, nil, err
	}
	if actor.Role != auth.Admin && !(actor.Role == auth.Installer && t.TrainerID == actor.ID) {
		return TrainingSession{}, nil, apperr.ErrNotFound
	}
	var seats []TrainingSeat
	if err := s.db.Select(ctx, &seats, seatSelect+` WHERE s.session_id = ? ORDER BY s.id`, id); err != nil {
		return TrainingSession{}, nil, fmt.Errorf("training seats: %w", err)
	}
	return t, seats, nil
}

func (s *Service) trainingSession(ctx context.Context, q db.Querier, id int64) (TrainingSession, error) {
	var t TrainingSession
	err := q.Get(ctx, &t, sessionSelect+` WHERE t.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("training session: %w", err)
	}
	return t, nil
}

// MyTrainingSeat returns the merchant's seat for an application, or
// ErrNotFound when none is booked.
func (s *Service) MyTrainingSeat(ctx context.Context, actor auth.User, appID int64) (TrainingSeat, error) {
	var seat TrainingSeat
	err := s.db.Get(ctx, &seat, seatSelect+` WHERE s.application_id = ? AND s.merchant_id = ?`, appID, actor.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return seat, apperr.ErrNotFound
	}
	if err != nil {
		return seat, fmt.Errorf("training seat: %w", err)
	}
	return seat, nil
}

// BookTrainingSeat books a seat for the merchant's installed application.
// The seat count rises only while below capacity, in one conditional
// UPDATE, so concurrent bookings never overfill a session on either
// database; a full session or a second seat for the application is a 409.
func (s *Service) BookTrainingSeat(ctx context.Context, actor auth.User, appID, sessionID int64, ip string) (TrainingSeat, error) {
	if actor.Role != auth.Merchant {
		return TrainingSeat{}, apperr.ErrForbidden
	}
	a, err := s.onb.Get(ctx, actor, appID)
	if err != nil {
		return TrainingSeat{}, err
	}
	if a.Status != onboarding.Installed {
		return TrainingSeat{}, &apperr.Error{Code: apperr.Conflict, Key: "training.error.not_installed"}
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE sched_training_sessions SET booked = booked + 1, updated_at = ?
			WHERE id = ? AND booked < capacity AND starts_at > ?`, now, sessionID, now)
		if err != nil {
			return fmt.Errorf("take seat: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			if _, err := s.trainingSession(ctx, tx, sessionID); err != nil {
				return err
			}
			return &apperr.Error{Code: apperr.Conflict, Key: "training.error.full"}
		}
		err = tx.Get(ctx, &id, `INSERT INTO sched_training_seats (session_id, application_id, merchant_id, status, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, sessionID, appID, actor.ID, SeatBooked, now)
		if db.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Key: "training.error.already_booked"}
		}
		if err != nil {
			return fmt.Errorf("insert seat: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.training.book",
			EntityType: "training_seat", EntityID: &id, MerchantID: &actor.ID, IP: ip, Detail: map[string]any{"session": sessionID}})
	})
	if err != nil {
		return TrainingSeat{}, err
	}
	return s.MyTrainingSeat(ctx, actor, appID)
}

// MarkAttended records that a seat's merchant attended (the session's
// trainer or an admin, once the session has started); the application
// then moves from installed to active through the state machine, in the
// same transaction.
func (s *Service) MarkAttended(ctx context.Context, actor auth.User, seatID int64, ip string) (TrainingSeat, error) {
	var seat TrainingSeat
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.Get(ctx, &seat, seatSelect+` WHERE s.id = ?`, seatID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("training seat: %w", err)
		}
		t, err := s.trainingSession(ctx, tx, seat.SessionID)
		if err != nil {
			return err
		}
		if actor.Role != auth.Admin && !(actor.Role == auth.Installer && t.TrainerID == actor.ID) {
			return apperr.ErrNotFound
		}
		now := s.now().UTC()
		if seat.Status != SeatBooked {
			return &apperr.Error{Code: apperr.Conflict, Key: "training.error.attended"}
		}
		if now.Before(t.Start) {
			return &apperr.Error{Code: apperr.Conflict, Key: "training.error.not_started"}
		}
		if _, err := tx.Exec(ctx, `UPDATE sched_training_seats SET status = ?, attended_at = ? WHERE id = ?`,
			SeatAttended, now, seat.ID); err != nil {
			return fmt.Errorf("mark attended: %w", err)
		}
		a, err := s.onb.LoadInTx(ctx, tx, seat.ApplicationID)
		if err != nil {
			return err
		}
		if a.Status == onboarding.Installed {
			if _, err := s.onb.FireInTx(ctx, tx, seat.ApplicationID, onboarding.EvCompleteTraining, actor, ip); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.training.attended",
			EntityType: "training_seat", EntityID: &seat.ID, MerchantID: &seat.MerchantID, IP: ip})
	})
	if err != nil {
		return TrainingSeat{}, err
	}
	err = s.db.Get(ctx, &seat, seatSelect+` WHERE s.id = ?`, seatID)
	return seat, err
}
