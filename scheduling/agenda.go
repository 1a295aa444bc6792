package scheduling

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/auth"
)

// Visit is an appointment as its installer sees it: where to go and what
// to bring.
type Visit struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Kind          Kind      `json:"kind"`
	Status        string    `json:"status"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	ShopName      string    `json:"shop_name"`
	District      string    `json:"district"`
	Address       string    `json:"address"`
	ContactMobile string    `json:"contact_mobile"`
	Terminals     int64     `json:"terminal_count"`
}

func visitOf(a Appointment) Visit {
	return Visit{ID: a.ID, ApplicationID: a.ApplicationID, Kind: a.Kind, Status: a.Status, Start: a.Start.UTC(), End: a.End.UTC(),
		ShopName: a.ShopName, District: a.District, Address: a.Address, ContactMobile: a.ContactMobile, Terminals: a.TerminalCount}
}

// Agenda lists the signed-in installer's visits on days local days from
// from's day (cancelled ones included, so a cancellation is visible).
func (s *Service) Agenda(ctx context.Context, actor auth.User, from time.Time, days int) ([]Visit, error) {
	me, err := s.Me(ctx, actor)
	if err != nil {
		return nil, err
	}
	if days < 1 || days > 31 {
		days = 7
	}
	loc := me.Location()
	l := from.In(loc)
	start := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, days)
	var list []Appointment
	if err := s.db.Select(ctx, &list, appointmentSelect+` WHERE a.installer_id = ? AND a.starts_at >= ? AND a.starts_at < ?
		ORDER BY a.starts_at, a.id`, me.ID, start.UTC(), end.UTC()); err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	out := make([]Visit, len(list))
	for i, a := range list {
		out[i] = visitOf(a)
	}
	return out, nil
}

// Visit returns one of the installer's own visits.
func (s *Service) Visit(ctx context.Context, actor auth.User, id int64) (Visit, error) {
	a, err := s.visible(ctx, s.db, actor, id)
	if err != nil {
		return Visit{}, err
	}
	return visitOf(a), nil
}
