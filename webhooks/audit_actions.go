package webhooks

import "posportal/internal/audit"

func init() {
	audit.Register("webhook.endpoint.create", "webhook.endpoint.delete", "webhook.endpoint.rotate_secret",
		"webhook.delivery.replay")
}
