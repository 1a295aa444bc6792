package scheduling

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/webhooks"
)

// Appointment statuses.
const (
	StatusBooked    = "booked"
	StatusCancelled = "cancelled"
	StatusCompleted = "completed"
)

// Appointment is a visit by an installer to a merchant's shop.
type Appointment struct {
	ID             int64      `db:"id" json:"id"`
	UID            string     `db:"uid" json:"-"`
	MerchantID     int64      `db:"merchant_id" json:"-"`
	ApplicationID  int64      `db:"application_id" json:"application_id"`
	InstallerID    int64      `db:"installer_id" json:"-"`
	InstallerUser  int64      `db:"installer_user_id" json:"-"`
	InstallerName  string     `db:"installer_name" json:"-"`
	Kind           Kind       `db:"kind" json:"kind"`
	Status         string     `db:"status" json:"status"`
	Start          time.Time  `db:"starts_at" json:"start"`
	End            time.Time  `db:"ends_at" json:"end"`
	Sequence       int        `db:"sequence" json:"-"`
	ShopName       string     `db:"shop_name" json:"-"`
	Address        string     `db:"address" json:"-"`
	District       string     `db:"district" json:"-"`
	ContactMobile  string     `db:"contact_mobile" json:"-"`
	TerminalCount  int64      `db:"terminal_count" json:"-"`
	CreatedAt      time.Time  `db:"created_at" json:"-"`
	UpdatedAt      time.Time  `db:"updated_at" json:"-"`
	CancelledAt    *time.Time `db:"cancelled_at" json:"-"`
	CompletedAt    *time.Time `db:"completed_at" json:"-"`
	InstallerBrief `db:"-" json:"installer"`
}

// InstallerBrief is all a merchant learns about their installer.
type InstallerBrief struct {
	Name string `json:"name"`
}

const appointmentSelect = `SELECT a.id, a.uid, a.merchant_id, a.application_id, a.installer_id, i.user_id AS installer_user_id,
	u.name AS installer_name, a.kind, a.status, a.starts_at, a.ends_at, a.sequence, p.shop_name, p.address, p.district,
	p.contact_mobile, p.terminal_count, a.created_at, a.updated_at, a.cancelled_at, a.completed_at
	FROM sched_appointments a
	JOIN sched_installers i ON i.id = a.installer_id
	JOIN users u ON u.id = i.user_id
	JOIN applications p ON p.id = a.application_id`

// SlotTakenError is the 409 of a booking that lost its slot; Slots is a
// fresh list for the merchant to choose again from.
type SlotTakenError struct{ Slots []Slot }

func (e *SlotTakenError) Error() string { return "scheduling: slot taken" }

// Unwrap makes the error a 409 for the web layer's one error mapping.
func (e *SlotTakenError) Unwrap() error {
	return &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.slot_taken"}
}

// kindAllowed reports whether kind may be booked for an application in st:
// installations once the contract is signed, training once the terminals
// are in (or on their way), repairs for installed merchants.
func kindAllowed(k Kind, st onboarding.Status) bool {
	switch k {
	case Installation, InstallationWithTraining:
		return st == onboarding.ContractSigned
	case Training:
		return st == onboarding.InstallationScheduled || st == onboarding.Installed
	default:
		return st == onboarding.Installed || st == onboarding.Active
	}
}

// application loads appID for actor: a merchant only their own (another's
// is 404), admins any; nobody else books for merchants.
func (s *Service) application(ctx context.Context, q db.Querier, actor auth.User, appID int64) (onboarding.Application, error) {
	a, err := s.onb.LoadInTx(ctx, q, appID)
	if err != nil {
		return a, err
	}
	switch {
	case actor.Role == auth.Admin:
	case actor.Role == auth.Merchant && a.MerchantID == actor.ID:
	case actor.Role == auth.Merchant:
		return onboarding.Application{}, apperr.ErrNotFound
	default:
		return onboarding.Application{}, apperr.ErrForbidden
	}
	return a, nil
}

// Slots lists the bookable visits of kind for application appID on days
// days starting at from (a local date), clipped to §5's window.
func (s *Service) Slots(ctx context.Context, actor auth.User, appID int64, kind Kind, from time.Time, days int) ([]Slot, error) {
	a, err := s.application(ctx, s.db, actor, appID)
	if err != nil {
		return nil, err
	}
	if !kindAllowed(kind, a.Status) {
		return nil, &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.wrong_status"}
	}
	return s.slotsFor(ctx, s.db, a, kind, from, days, 0)
}

func (s *Service) slotsFor(ctx context.Context, q db.Querier, a onboarding.Application, kind Kind, from time.Time, days int, except int64) ([]Slot, error) {
	if days < 1 || days > int(s.rules.Horizon/(24*time.Hour)) {
		days = int(s.rules.Horizon / (24 * time.Hour))
	}
	l := from.In(shanghai.Location)
	start := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, shanghai.Location)
	end := start.AddDate(0, 0, days)
	plans, err := s.plans(ctx, q, a.City, a.District, start, end, except)
	if err != nil {
		return nil, err
	}
	return search(plans, Duration(kind, int(a.TerminalCount)), start, end, s.now(), s.rules), nil
}

// Book books a visit of kind at start for application appID. Race safety:
// on PostgreSQL each candidate installer's row is locked FOR UPDATE before
// their visits are re-read; on SQLite the write transaction is serialized
// by BEGIN IMMEDIATE. Either way the overlap and cap checks run on data no
// other booking can change until commit. Booking an installation moves
// the application to installation_scheduled in the same transaction.
func (s *Service) Book(ctx context.Context, actor auth.User, appID int64, kind Kind, start time.Time, ip string) (Appointment, error) {
	var id int64
	var app onboarding.Application
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.application(ctx, tx, actor, appID)
		if err != nil {
			return err
		}
		app = a
		if !kindAllowed(kind, a.Status) {
			return &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.wrong_status"}
		}
		if err := s.checkStart(start); err != nil {
			return err
		}
		if err := s.checkWorkingHours(ctx, tx, a, start, Duration(kind, int(a.TerminalCount))); err != nil {
			return err
		}
		inst, err := s.pickInstaller(ctx, tx, a, start, Duration(kind, int(a.TerminalCount)), 0, 0)
		if err != nil {
			return err
		}
		if id, err = s.insertAppointment(ctx, tx, a, inst, kind, start, Duration(kind, int(a.TerminalCount))); err != nil {
			return err
		}
		if kind.installs() {
			if _, err := s.onb.FireInTx(ctx, tx, a.ID, onboarding.EvBookInstallation, actor, ip); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx, actor, ip, "scheduling.appointment.book", id, a.MerchantID,
			map[string]any{"kind": kind, "start": start.UTC(), "installer_id": inst}); err != nil {
			return err
		}
		return s.emitAppointment(ctx, tx, webhooks.AppointmentBooked, id)
	})
	if errors.Is(err, errNoInstaller) {
		return Appointment{}, s.taken(ctx, app, kind, start, 0)
	}
	if err != nil {
		return Appointment{}, err
	}
	return s.appointment(ctx, s.db, id)
}

var errNoInstaller = errors.New("scheduling: no installer free")

// taken builds the 409 with a fresh slot list from start's day on.
func (s *Service) taken(ctx context.Context, a onboarding.Application, kind Kind, start time.Time, except int64) error {
	slots, err := s.slotsFor(ctx, s.db, a, kind, s.now().Add(s.rules.LeadTime), 0, except)
	if err != nil {
		return err
	}
	return &SlotTakenError{Slots: slots}
}

// checkStart refuses starts off the grid or outside the booking window.
func (s *Service) checkStart(start time.Time) error {
	now := s.now()
	local := start.In(shanghai.Location)
	onGrid := local.Second() == 0 && local.Nanosecond() == 0 &&
		time.Duration(local.Hour()*60+local.Minute())*time.Minute%s.rules.Grid == 0
	if !onGrid || start.Before(now.Add(s.rules.LeadTime)) || !start.Before(now.Add(s.rules.Horizon)) {
		return apperr.Fields(map[string]string{"start": "scheduling.field.start"})
	}
	return nil
}

// pickInstaller returns an installer serving a's district who is free for
// [start, start+dur), preferring prefer, then the least busy that day. It
// locks each candidate's row before re-checking (PostgreSQL); except is an
// appointment being moved, whose own time does not count as busy.
func (s *Service) pickInstaller(ctx context.Context, tx *db.Tx, a onboarding.Application, start time.Time, dur time.Duration, prefer, except int64) (int64, error) {
	end := start.Add(dur)
	plans, err := s.plans(ctx, tx, a.City, a.District, start, end, except)
	if err != nil {
		return 0, err
	}
	var free []*plan
	for _, p := range plans {
		if p.free(start, end, s.rules) {
			free = append(free, p)
		}
	}
	if len(free) > 0 && tx.Dialect == db.Postgres {
		// Lock every candidate in id order (one order for every booking,
		// so two bookings cannot deadlock), then re-read under the locks:
		// a booking that committed while we waited is visible now, as
		// READ COMMITTED reads afresh per statement.
		ids := make([]any, len(free))
		for i, p := range free {
			ids[i] = p.id
		}
		var locked []int64
		if err := tx.Select(ctx, &locked, `SELECT id FROM sched_installers WHERE id IN (`+placeholders(len(ids))+
			`) ORDER BY id FOR UPDATE`, ids...); err != nil {
			return 0, fmt.Errorf("lock installers: %w", err)
		}
		fresh, err := s.plans(ctx, tx, a.City, a.District, start, end, except)
		if err != nil {
			return 0, err
		}
		free = free[:0]
		for _, p := range fresh {
			if p.free(start, end, s.rules) {
				free = append(free, p)
			}
		}
	}
	if len(free) == 0 {
		return 0, errNoInstaller
	}
	order(free, start, prefer)
	return free[0].id, nil
}

// order sorts candidates: the preferred installer first, then by how many
// visits they have that day, then by id, so work spreads evenly.
func order(ps []*plan, day time.Time, prefer int64) {
	rank := func(p *plan) (int, int, int64) {
		first := 1
		if p.id == prefer {
			first = 0
		}
		return first, p.load(day), p.id
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0; j-- {
			a1, a2, a3 := rank(ps[j])
			b1, b2, b3 := rank(ps[j-1])
			if a1 < b1 || (a1 == b1 && (a2 < b2 || (a2 == b2 && a3 < b3))) {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
	}
}

func newUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b) + "@posportal"
}

func (s *Service) insertAppointment(ctx context.Context, tx *db.Tx, a onboarding.Application, installer int64, kind Kind, start time.Time, dur time.Duration) (int64, error) {
	now := s.now().UTC()
	var id int64
	err := tx.Get(ctx, &id, `INSERT INTO sched_appointments (uid, merchant_id, application_id, installer_id, kind, status,
		starts_at, ends_at, sequence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
		newUID(), a.MerchantID, a.ID, installer, kind, StatusBooked, start.UTC(), start.Add(dur).UTC(), now, now)
	if err != nil {
		return 0, fmt.Errorf("insert appointment: %w", err)
	}
	return id, s.scheduleReminders(ctx, tx, id, a, start)
}

func (s *Service) appointment(ctx context.Context, q db.Querier, id int64) (Appointment, error) {
	var ap Appointment
	err := q.Get(ctx, &ap, appointmentSelect+` WHERE a.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Appointment{}, apperr.ErrNotFound
	}
	if err != nil {
		return Appointment{}, fmt.Errorf("load appointment: %w", err)
	}
	ap.InstallerBrief = InstallerBrief{Name: ap.InstallerName}
	return ap, nil
}

// visible loads appointment id for actor: the merchant who booked it, the
// installer assigned to it, or an admin; anyone else gets 404.
func (s *Service) visible(ctx context.Context, q db.Querier, actor auth.User, id int64) (Appointment, error) {
	ap, err := s.appointment(ctx, q, id)
	if err != nil {
		return ap, err
	}
	switch {
	case actor.Role == auth.Admin,
		actor.Role == auth.Merchant && ap.MerchantID == actor.ID,
		actor.Role == auth.Installer && ap.InstallerUser == actor.ID:
		return ap, nil
	}
	return Appointment{}, apperr.ErrNotFound
}

// Appointment returns one appointment the actor may see.
func (s *Service) Appointment(ctx context.Context, actor auth.User, id int64) (Appointment, error) {
	return s.visible(ctx, s.db, actor, id)
}

// ForApplication lists an application's appointments, newest first.
func (s *Service) ForApplication(ctx context.Context, actor auth.User, appID int64) ([]Appointment, error) {
	a, err := s.application(ctx, s.db, actor, appID)
	if err != nil {
		return nil, err
	}
	var out []Appointment
	if err := s.db.Select(ctx, &out, appointmentSelect+` WHERE a.application_id = ? ORDER BY a.starts_at DESC, a.id DESC`, a.ID); err != nil {
		return nil, fmt.Errorf("list appointments: %w", err)
	}
	for i := range out {
		out[i].InstallerBrief = InstallerBrief{Name: out[i].InstallerName}
	}
	return out, nil
}
