package scheduling

import (
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Mailer sends one e-mail. The outbox table keeps every message whether or
// not a Mailer is configured.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTPMailer sends through an SMTP server, with PLAIN auth when a user is
// set (net/smtp refuses PLAIN auth without TLS except to localhost).
type SMTPMailer struct {
	Addr     string // host:port
	User     string
	Password string
	From     string
}

// MailerFromEnv reads PORTAL_SMTP_HOST, PORTAL_SMTP_PORT (default 587),
// PORTAL_SMTP_USER, PORTAL_SMTP_PASSWORD and PORTAL_SMTP_FROM; without a
// host it returns nil and e-mails stay in the outbox for admins.
func MailerFromEnv(getenv func(string) string) Mailer {
	host := getenv("PORTAL_SMTP_HOST")
	if host == "" {
		return nil
	}
	port := getenv("PORTAL_SMTP_PORT")
	if port == "" {
		port = "587"
	}
	from := getenv("PORTAL_SMTP_FROM")
	if from == "" {
		from = "portal@" + host
	}
	return &SMTPMailer{Addr: net.JoinHostPort(host, port), User: getenv("PORTAL_SMTP_USER"),
		Password: getenv("PORTAL_SMTP_PASSWORD"), From: from}
}

// Send delivers one plain-text UTF-8 message, upgrading to TLS when the
// server offers STARTTLS. The connection is bounded by ctx (and 30 s), so
// a dead server cannot stall the reminder loop.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("smtp: header injection refused")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if m.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.User, m.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("smtp from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("smtp rcpt: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + mime.BEncoding.Encode("UTF-8", subject) +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp send: %w", err)
	}
	return c.Quit()
}
