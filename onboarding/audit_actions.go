package onboarding

import "posportal/internal/audit"

func init() {
	// Every state-machine event is recorded as "application.<event>".
	for ev := range machine {
		audit.Register("application." + string(ev))
	}
	audit.Register("application.create", "application.update", "application.id_viewed", "application.account_viewed",
		"document.upload", "document.view", "document.delete", "document.verdict",
		"contract.generate", "contract.sign", "requirement.set")
}
