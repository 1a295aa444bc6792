package auth_test

import (
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

func TestPasswordStrength(t *testing.T) {
	base := auth.NewUser{Email: "wang.xiaoming@example.com", Name: "Wang Xiaoming", Phone: "13812345678", Role: auth.Merchant}
	for _, tc := range []struct {
		password string
		ok       bool
	}{
		{"aaaaaaaaaa", false},
		{"password123", false},
		{"1234567890", false},
		{"qwertyuiop", false},
		{"iloveyou2026", false},
		{"wangxiaoming1", false}, // the user's own name
		{"wang.xiaoming@example.com", false},
		{"demo-pass-2026", true}, // the documented demo password must stay valid
		{"correct horse 1", true},
		{"lamp river copper 9", true},
		{"我家门口有两棵枣树", true},
	} {
		n := base
		n.Password = tc.password
		err := n.Validate()
		refused := apperr.As(err) != nil && apperr.As(err).Fields["password"] == "field.password.guessable"
		if refused == tc.ok {
			t.Errorf("%q: refused=%v, want accepted=%v (err %v)", tc.password, refused, tc.ok, err)
		}
	}
}

// The demo seeding goes through the same check: its one password must pass
// for every demo account (whose e-mails contain "demo").
func TestDemoPasswordPassesForDemoAccounts(t *testing.T) {
	for _, email := range []string{"merchant@demo.local", "admin@demo.local", "installer2@demo.local"} {
		n := auth.NewUser{Email: email, Name: "示例", Password: "demo-pass-2026", Role: auth.Admin}
		if err := n.Validate(); err != nil {
			t.Errorf("%s: %v", email, err)
		}
	}
}
