package apitoken

import "posportal/internal/audit"

func init() { audit.Register("api_token.create", "api_token.revoke") }
