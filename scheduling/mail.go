package scheduling

import (
	"context"
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

// SMTPMailer sends through an SMTP server with PLAIN auth when a user is
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

// Send delivers one plain-text UTF-8 message.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("smtp: header injection refused")
	}
	var auth smtp.Auth
	if m.User != "" {
		host, _, _ := net.SplitHostPort(m.Addr)
		auth = smtp.PlainAuth("", m.User, m.Password, host)
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + mime.BEncoding.Encode("UTF-8", subject) +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(m.Addr, auth, m.From, []string{to}, []byte(msg)) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
