package i18n

// Messages of login, registration and password hardening (issue 10).
func init() {
	Add(EN, map[string]string{
		"field.password.guessable": "This password is too easy to guess: it is a common password, a simple pattern (repeats, sequences, keyboard rows, dates) or contains your e-mail or name. Use a longer phrase of several unrelated words.",
		"error.register_refused":   "We could not create an account with these details. If you already have an account, log in instead.",
		"error.register_throttled": "Too many registrations from your network; please try again later.",
		"error.auth_busy":          "Too many sign-ins are being checked right now; please try again in a few seconds.",
	})
}
