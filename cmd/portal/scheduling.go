package main

import (
	"context"

	"posportal/scheduling"
)

// schedulingService builds installation scheduling; e-mail goes through
// SMTP when PORTAL_SMTP_HOST is set in env and always into the outbox
// table. A nil env (demo seeding, which sends nothing) means no SMTP.
func (a *app) schedulingService(env func(string) string) *scheduling.Service {
	var mail scheduling.Mailer
	if env != nil {
		mail = scheduling.MailerFromEnv(env)
	}
	return scheduling.NewService(a.db, a.onb, mail, nil).WithWorker(a.worker)
}

// startReminders sends due appointment reminders and queued e-mails every
// PORTAL_JOB_POLL in the background, sharing them with the other
// instances; the returned stop ends the loop and waits for it, so shutdown
// never cuts a reminder off halfway.
func (a *app) startReminders(s *scheduling.Service) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx, a.cfg.JobPoll, a.log)
	}()
	return func() { cancel(); <-done }
}
