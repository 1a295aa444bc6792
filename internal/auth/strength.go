package auth

import (
	"strings"
	"unicode"

	"github.com/trustelem/zxcvbn"
)

// MinPasswordScore is the lowest zxcvbn score (0–4) a new password may
// have: 3 means "safely unguessable: moderate protection from an offline
// slow-hash scenario" (about 10^8 guesses or more).
const MinPasswordScore = 3

// strengthRunes caps what the estimator looks at: its cost grows steeply
// with length (1 000 characters took 8 s, 64 take under 20 ms), and a
// password whose first 64 characters are guessable is guessable.
const strengthRunes = 64

// guessable reports whether password is too easy to guess, judging it
// also against the account's own e-mail and name, which an attacker knows.
func guessable(password, email, name string) bool {
	if r := []rune(password); len(r) > strengthRunes {
		password = string(r[:strengthRunes])
	}
	return zxcvbn.PasswordStrength(password, userInputs(email, name)).Score < MinPasswordScore
}

// userInputs are the words an attacker guesses first for this account: the
// e-mail, its local part and domain and their pieces, the name, and the
// name's words joined and apart ("Wang Xiaoming" → "wangxiaoming").
func userInputs(email, name string) []string {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
	}
	out := []string{strings.ToLower(email), strings.ToLower(name)}
	out = append(out, split(email)...)
	words := split(name)
	out = append(out, words...)
	out = append(out, strings.Join(words, ""))
	if local, _, ok := strings.Cut(email, "@"); ok {
		out = append(out, strings.ToLower(local), strings.Join(split(local), ""))
	}
	return out
}
