package scheduling_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/scheduling"
)

// smtpSink is a minimal SMTP server on loopback that records each DATA.
func smtpSink(t *testing.T) (addr string, got <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 64)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				say := func(s string) { c.Write([]byte(s + "\r\n")) }
				say("220 sink")
				var data strings.Builder
				inData := false
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if inData {
						if line == ".\r\n" {
							inData = false
							out <- data.String()
							say("250 queued")
							continue
						}
						data.WriteString(line)
						continue
					}
					switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						say("250 sink")
					case cmd == "DATA":
						inData = true
						say("354 go on")
					case cmd == "QUIT":
						say("221 bye")
						return
					default:
						say("250 ok")
					}
				}
			}(conn)
		}
	}()
	return ln.Addr().String(), out
}

func TestRemindersGoThroughSMTPAndStayInOutbox(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 1)
	if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
		t.Fatal(err)
	}
	addr, got := smtpSink(t)
	host, port, _ := net.SplitHostPort(addr)
	env := map[string]string{"PORTAL_SMTP_HOST": host, "PORTAL_SMTP_PORT": port, "PORTAL_SMTP_FROM": "portal@bank.example"}
	mail := scheduling.MailerFromEnv(func(k string) string { return env[k] })
	svc := scheduling.NewService(f.db, f.onb, mail, func() time.Time { return at("2026-12-02", "10:00") })
	if n, err := svc.SendDue(ctx); err != nil || n != 2 {
		t.Fatalf("sent %d, %v", n, err)
	}
	if box, _ := svc.Outbox(ctx, f.admin); len(box) != 1 || box[0].Status != "queued" {
		t.Fatalf("before delivery the outbox shows %+v; want the e-mail queued", box)
	}
	if n, err := svc.DeliverDue(ctx); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	select {
	case msg := <-got:
		if !strings.Contains(msg, "To: "+m.Email) || !strings.Contains(msg, "charset=UTF-8") || !strings.Contains(msg, "2026-12-03 10:00") {
			t.Fatalf("message:\n%s", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no e-mail reached the SMTP server")
	}
	box, _ := svc.Outbox(ctx, f.admin)
	if len(box) != 1 || box[0].Status != "sent" || box[0].SentAt == nil {
		t.Fatalf("outbox %+v", box)
	}
	if scheduling.MailerFromEnv(func(string) string { return "" }) != nil {
		t.Fatal("a mailer without PORTAL_SMTP_HOST")
	}
}
