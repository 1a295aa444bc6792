package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/support/knowledge"
)

// NoticeKind says what a notice is about.
type NoticeKind string

// Notice kinds (§6).
const (
	UpgradeNotice NoticeKind = "upgrade"
	OutageNotice  NoticeKind = "outage"
	PolicyNotice  NoticeKind = "policy"
)

// NoticeKinds lists every kind, for forms.
var NoticeKinds = []NoticeKind{UpgradeNotice, OutageNotice, PolicyNotice}

// Target says whom a notice concerns.
type Target string

// Notice targets.
const (
	TargetAll      Target = "all"
	TargetModel    Target = "model"
	TargetProvider Target = "provider"
)

// Targets lists every target, for forms.
var Targets = []Target{TargetAll, TargetModel, TargetProvider}

// Audiences of notices: merchants, or staff for the watch's alerts.
const (
	AudienceMerchants = "merchants"
	AudienceStaff     = "staff"
)

// Notice is an announcement with an active window.
type Notice struct {
	ID           int64      `db:"id" json:"id"`
	Kind         NoticeKind `db:"kind" json:"kind"`
	Audience     string     `db:"audience" json:"-"`
	Target       Target     `db:"target" json:"target"`
	ModelID      *int64     `db:"model_id" json:"model_id"`
	ProviderID   *int64     `db:"provider_id" json:"provider_id"`
	ReleaseID    *int64     `db:"release_id" json:"release_id"`
	TitleZH      string     `db:"title_zh" json:"-"`
	TitleEN      string     `db:"title_en" json:"-"`
	BodyZH       string     `db:"body_zh" json:"-"`
	BodyEN       string     `db:"body_en" json:"-"`
	StartsAt     time.Time  `db:"starts_at" json:"starts_at"`
	EndsAt       *time.Time `db:"ends_at" json:"ends_at"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	Acknowledged bool       `db:"acknowledged" json:"acknowledged"`
}

const noticeColumns = `n.id, n.kind, n.audience, n.target, n.model_id, n.provider_id, n.release_id, n.title_zh, n.title_en,
	n.body_zh, n.body_en, n.starts_at, n.ends_at, n.created_at`

// Title returns the title in lang (English falls back to Chinese).
func (n Notice) Title(lang string) string {
	return knowledge.Text{ZH: n.TitleZH, EN: n.TitleEN}.For(lang)
}

// Body returns the body in lang (English falls back to Chinese).
func (n Notice) Body(lang string) string { return knowledge.Text{ZH: n.BodyZH, EN: n.BodyEN}.For(lang) }

// Active reports whether now is inside the notice's window.
func (n Notice) Active(now time.Time) bool {
	return !now.Before(n.StartsAt) && (n.EndsAt == nil || now.Before(*n.EndsAt))
}

// NewNotice is an admin's notice form.
type NewNotice struct {
	Kind       NoticeKind `json:"kind"`
	Target     Target     `json:"target"`
	ModelID    *int64     `json:"model_id"`
	ProviderID *int64     `json:"provider_id"`
	TitleZH    string     `json:"title_zh"`
	TitleEN    string     `json:"title_en"`
	BodyZH     string     `json:"body_zh"`
	BodyEN     string     `json:"body_en"`
	StartsAt   time.Time  `json:"starts_at"`
	EndsAt     *time.Time `json:"ends_at"`
	// set by the system only
	audience  string
	releaseID *int64
}

func (s *Service) validateNotice(ctx context.Context, n *NewNotice) error {
	for _, p := range []*string{&n.TitleZH, &n.TitleEN, &n.BodyZH, &n.BodyEN} {
		*p = strings.TrimSpace(*p)
	}
	f := map[string]string{}
	if !slices.Contains(NoticeKinds, n.Kind) {
		f["kind"] = "support.field.choose"
	}
	if n.TitleZH == "" {
		f["title_zh"] = "field.required"
	}
	for field, v := range map[string]string{"title_zh": n.TitleZH, "title_en": n.TitleEN} {
		if utf8.RuneCountInString(v) > 200 {
			f[field] = "field.too_long"
		}
	}
	for field, v := range map[string]string{"body_zh": n.BodyZH, "body_en": n.BodyEN} {
		if utf8.RuneCountInString(v) > 4000 {
			f[field] = "field.too_long"
		}
	}
	switch n.Target {
	case TargetAll:
		n.ModelID, n.ProviderID = nil, nil
	case TargetModel:
		n.ProviderID = nil
		if n.ModelID == nil {
			f["model_id"] = "support.field.choose"
		} else if _, err := s.catalog.Model(ctx, *n.ModelID); err != nil {
			f["model_id"] = "support.field.choose"
		}
	case TargetProvider:
		n.ModelID = nil
		if n.ProviderID == nil {
			f["provider_id"] = "support.field.choose"
		} else if _, err := s.catalog.Provider(ctx, *n.ProviderID); err != nil {
			f["provider_id"] = "support.field.choose"
		}
	default:
		f["target"] = "support.field.choose"
	}
	if n.StartsAt.IsZero() {
		n.StartsAt = s.now()
	}
	if n.EndsAt != nil && !n.EndsAt.After(n.StartsAt) {
		f["ends_at"] = "support.field.window"
	}
	return fieldsErr(f)
}

// CreateNotice posts a notice (admin; nil actor: the system).
func (s *Service) CreateNotice(ctx context.Context, actor *auth.User, n NewNotice, ip string) (Notice, error) {
	if err := requireAdmin(actor); err != nil {
		return Notice{}, err
	}
	if err := s.validateNotice(ctx, &n); err != nil {
		return Notice{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.insertNotice(ctx, tx, actor, n, ip)
		return err
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Notice(ctx, id)
}

func (s *Service) insertNotice(ctx context.Context, tx *db.Tx, actor *auth.User, n NewNotice, ip string) (int64, error) {
	if n.audience == "" {
		n.audience = AudienceMerchants
	}
	var by *int64
	if actor != nil {
		by = &actor.ID
	}
	now := s.now().UTC()
	var id int64
	var ends *time.Time
	if n.EndsAt != nil {
		e := n.EndsAt.UTC()
		ends = &e
	}
	err := tx.Get(ctx, &id, `INSERT INTO support_notices (kind, audience, target, model_id, provider_id, release_id,
		title_zh, title_en, body_zh, body_en, starts_at, ends_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.Kind, n.audience, n.Target, n.ModelID, n.ProviderID, n.releaseID, n.TitleZH, n.TitleEN, n.BodyZH, n.BodyEN,
		n.StartsAt.UTC(), ends, by, now)
	if err != nil {
		return 0, fmt.Errorf("insert notice: %w", err)
	}
	return id, record(ctx, tx, now, actor, ip, "support.notice.create", "notice", id, nil,
		map[string]any{"kind": n.Kind, "target": n.Target, "audience": n.audience})
}

// Notice returns one notice.
func (s *Service) Notice(ctx context.Context, id int64) (Notice, error) {
	var n Notice
	err := s.db.Get(ctx, &n, `SELECT `+noticeColumns+`, FALSE AS acknowledged FROM support_notices n WHERE n.id = ?`, id)
	return n, notFound(err, "notice")
}

// AllNotices lists every notice, newest first (admin).
func (s *Service) AllNotices(ctx context.Context, actor auth.User) ([]Notice, error) {
	if err := requireAdmin(&actor); err != nil {
		return nil, err
	}
	var out []Notice
	if err := s.db.Select(ctx, &out, `SELECT `+noticeColumns+`, FALSE AS acknowledged FROM support_notices n ORDER BY n.starts_at DESC, n.id DESC LIMIT 200`); err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	return out, nil
}

// concernsMerchant is the SQL condition "notice n concerns merchant ?":
// aimed at everyone, or at a model or provider of one of their devices.
const concernsMerchant = `n.audience = 'merchants' AND (n.target = 'all'
	OR (n.target = 'model' AND n.model_id IN (SELECT model_id FROM support_devices WHERE merchant_id = ?))
	OR (n.target = 'provider' AND n.provider_id IN (SELECT provider_id FROM support_devices WHERE merchant_id = ?)))`

// activeWindow is the SQL condition "notice n is active at ?".
const activeWindow = `n.starts_at <= ? AND (n.ends_at IS NULL OR n.ends_at > ?)`

// Notices returns the active notices for the actor: for a merchant those
// concerning their devices, with whether they acknowledged each; for staff
// the staff notices.
func (s *Service) Notices(ctx context.Context, actor auth.User) ([]Notice, error) {
	now := s.now().UTC()
	var out []Notice
	var err error
	if actor.Role == auth.Merchant {
		err = s.db.Select(ctx, &out, `SELECT `+noticeColumns+`,
			EXISTS (SELECT 1 FROM support_notice_acks a WHERE a.notice_id = n.id AND a.merchant_id = ?) AS acknowledged
			FROM support_notices n WHERE `+concernsMerchant+` AND `+activeWindow+` ORDER BY n.starts_at DESC, n.id DESC`,
			actor.ID, actor.ID, actor.ID, now, now)
	} else {
		err = s.db.Select(ctx, &out, `SELECT `+noticeColumns+`, FALSE AS acknowledged FROM support_notices n
			WHERE n.audience = 'staff' AND `+activeWindow+` ORDER BY n.starts_at DESC, n.id DESC`, now, now)
	}
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	return out, nil
}

// Acknowledge records that the merchant read a notice concerning them.
// Acknowledging twice is harmless.
func (s *Service) Acknowledge(ctx context.Context, actor auth.User, id int64, ip string) error {
	if actor.Role != auth.Merchant {
		return apperr.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var ok bool
		err := tx.Get(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM support_notices n WHERE n.id = ? AND `+concernsMerchant+`)`, id, actor.ID, actor.ID)
		if err != nil {
			return fmt.Errorf("notice concerns: %w", err)
		}
		if !ok {
			return apperr.ErrNotFound
		}
		var n int
		if err := tx.Get(ctx, &n, `SELECT COUNT(*) FROM support_notice_acks WHERE notice_id = ? AND merchant_id = ?`, id, actor.ID); err != nil {
			return fmt.Errorf("ack exists: %w", err)
		}
		if n > 0 {
			return nil
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO support_notice_acks (notice_id, merchant_id, acked_at) VALUES (?, ?, ?)`, id, actor.ID, now); err != nil {
			return fmt.Errorf("ack notice: %w", err)
		}
		return record(ctx, tx, now, &actor, ip, "support.notice.ack", "notice", id, &actor.ID, nil)
	})
}

// Unacknowledged is a merchant a notice concerns who has not acknowledged it.
type Unacknowledged struct {
	MerchantID int64  `db:"id" json:"merchant_id"`
	Name       string `db:"name" json:"name"`
	Email      string `db:"email" json:"email"`
	Devices    int    `db:"devices" json:"devices"`
}

// NotAcknowledged lists the merchants a notice concerns who have not
// acknowledged it (admin): the seed names ignored notices as a cause of
// failed upgrades, so staff follow up with them.
func (s *Service) NotAcknowledged(ctx context.Context, actor auth.User, id int64) ([]Unacknowledged, error) {
	if err := requireAdmin(&actor); err != nil {
		return nil, err
	}
	n, err := s.Notice(ctx, id)
	if err != nil {
		return nil, err
	}
	match, args := "1 = 1", []any{}
	switch n.Target {
	case TargetModel:
		match, args = "d.model_id = ?", []any{n.ModelID}
	case TargetProvider:
		match, args = "d.provider_id = ?", []any{n.ProviderID}
	}
	var out []Unacknowledged
	err = s.db.Select(ctx, &out, `SELECT u.id, u.name, u.email, COUNT(d.id) AS devices
		FROM support_devices d JOIN users u ON u.id = d.merchant_id
		WHERE `+match+` AND NOT EXISTS (SELECT 1 FROM support_notice_acks a WHERE a.notice_id = ? AND a.merchant_id = u.id)
		GROUP BY u.id, u.name, u.email ORDER BY u.name, u.id`, append(args, id)...)
	if err != nil {
		return nil, fmt.Errorf("not acknowledged: %w", err)
	}
	return out, nil
}
