package auth

import "posportal/internal/audit"

func init() { audit.Register("register", "login", "login_failure", "logout", "user.create") }
