package scheduling

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/i18n"
	"posportal/internal/secret"
	"posportal/internal/shanghai"
)

func hashToken(token string) string { return secret.HashToken(token) }

// RotateFeedToken gives the signed-in installer a new secret calendar
// token, invalidating the old one. Only its SHA-256 is stored: the token
// is returned once, to be shown in the feed URL.
func (s *Service) RotateFeedToken(ctx context.Context, actor auth.User, ip string) (string, error) {
	me, err := s.Me(ctx, actor)
	if err != nil {
		return "", err
	}
	token, hash := secret.NewToken("")
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE sched_installers SET calendar_token_hash = ?, updated_at = ? WHERE id = ?`,
			hash, now, me.ID); err != nil {
			return fmt.Errorf("rotate feed token: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "scheduling.feed.rotate",
			EntityType: "installer", EntityID: &me.ID, IP: ip})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Feed renders the iCalendar (RFC 5545) of the installer whose token this
// is: visits from 30 days back to 60 days ahead, cancelled ones included
// with STATUS:CANCELLED so calendars remove them. An unknown token is 404.
func (s *Service) Feed(ctx context.Context, token string) ([]byte, error) {
	if token == "" {
		return nil, apperr.ErrNotFound
	}
	var in struct {
		ID   int64  `db:"id"`
		Name string `db:"name"`
		Lang string `db:"lang"`
	}
	err := s.db.Get(ctx, &in, `SELECT i.id, u.name, u.lang FROM sched_installers i JOIN users u ON u.id = i.user_id
		WHERE i.calendar_token_hash = ?`, hashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("feed installer: %w", err)
	}
	now := s.now()
	var list []Appointment
	if err := s.db.Select(ctx, &list, appointmentSelect+` WHERE a.installer_id = ? AND a.starts_at >= ? AND a.starts_at < ?
		ORDER BY a.starts_at, a.id`, in.ID, now.AddDate(0, 0, -30).UTC(), now.AddDate(0, 0, 60).UTC()); err != nil {
		return nil, fmt.Errorf("feed visits: %w", err)
	}
	lang := in.Lang
	if !i18n.Supported(lang) {
		lang = i18n.ZH
	}
	return renderICal(lang, in.Name, list), nil
}

// renderICal writes the calendar with CRLF line ends and lines folded at
// 75 octets. Times are local wall-clock times with TZID=Asia/Shanghai and
// the zone defined in a VTIMEZONE (UTC+8, no daylight saving).
func renderICal(lang, name string, list []Appointment) []byte {
	var b bytes.Buffer
	line := func(s string) { writeFolded(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//posportal//scheduling//" + strings.ToUpper(lang[:2]))
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(i18n.T(lang, "scheduling.ical.name", name)))
	line("X-WR-TIMEZONE:" + DefaultTimeZone)
	line("BEGIN:VTIMEZONE")
	line("TZID:" + DefaultTimeZone)
	line("BEGIN:STANDARD")
	line("DTSTART:19700101T000000")
	line("TZOFFSETFROM:+0800")
	line("TZOFFSETTO:+0800")
	line("TZNAME:CST")
	line("END:STANDARD")
	line("END:VTIMEZONE")
	for _, a := range list {
		status := "CONFIRMED"
		if a.Status == StatusCancelled {
			status = "CANCELLED"
		}
		kind := i18n.T(lang, "scheduling.kind."+string(a.Kind))
		line("BEGIN:VEVENT")
		line("UID:" + a.UID)
		line("DTSTAMP:" + a.UpdatedAt.UTC().Format("20060102T150405Z"))
		line("LAST-MODIFIED:" + a.UpdatedAt.UTC().Format("20060102T150405Z"))
		line("CREATED:" + a.CreatedAt.UTC().Format("20060102T150405Z"))
		line(fmt.Sprintf("SEQUENCE:%d", a.Sequence))
		line("DTSTART;TZID=" + DefaultTimeZone + ":" + a.Start.In(shanghai.Location).Format("20060102T150405"))
		line("DTEND;TZID=" + DefaultTimeZone + ":" + a.End.In(shanghai.Location).Format("20060102T150405"))
		line("SUMMARY:" + escapeText(kind+" · "+a.ShopName))
		line("LOCATION:" + escapeText(a.District+a.Address))
		line("DESCRIPTION:" + escapeText(i18n.T(lang, "scheduling.ical.description", kind, a.TerminalCount, a.ContactMobile)))
		line("STATUS:" + status)
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// writeFolded writes one content line, folding it so no physical line is
// longer than 75 octets and never splitting a UTF-8 character.
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }
