package scheduling

import (
	"time"

	"posportal/internal/apperr"
	"posportal/onboarding"
)

// Kind is what an appointment is for.
type Kind string

// The appointment kinds of §5.
const (
	Installation             Kind = "installation"
	InstallationWithTraining Kind = "installation_with_training"
	Training                 Kind = "training"
	Repair                   Kind = "repair"
)

// Kinds lists every kind in the order pages offer them.
var Kinds = []Kind{Installation, InstallationWithTraining, Training, Repair}

// ParseKind checks a kind from a request.
func ParseKind(v string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == v {
			return k, nil
		}
	}
	return "", apperr.Fields(map[string]string{"kind": "scheduling.field.kind"})
}

// installs reports whether the kind puts terminals in: booking it moves
// the application to installation_scheduled, completing it to installed.
func (k Kind) installs() bool { return k == Installation || k == InstallationWithTraining }

// trains reports whether completing the kind completes the training.
func (k Kind) trains() bool { return k == InstallationWithTraining || k == Training }

// Duration is how long a visit of kind k takes for an application with
// terminals terminals: an installation is 60 min plus 20 min for each
// terminal after the first, training adds 45 min; on-site training alone
// is 45 min; a repair visit is planned as 60 min.
func Duration(k Kind, terminals int) time.Duration {
	if terminals < 1 {
		terminals = 1
	}
	install := 60*time.Minute + time.Duration(terminals-1)*20*time.Minute
	switch k {
	case Installation:
		return install
	case InstallationWithTraining:
		return install + 45*time.Minute
	case Training:
		return 45 * time.Minute
	default:
		return 60 * time.Minute
	}
}

// KindsFor lists the kinds a merchant may book for an application in st.
func KindsFor(st onboarding.Status) []Kind {
	var out []Kind
	for _, k := range Kinds {
		if kindAllowed(k, st) {
			out = append(out, k)
		}
	}
	return out
}
