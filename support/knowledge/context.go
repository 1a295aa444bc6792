package knowledge

import "fmt"

// Check names a context check: something the portal already knows about a
// device before the merchant answers anything. When a check finds something
// the flow offers its diagnosis directly.
type Check string

// The context checks of SPEC §6, in the order the spec lists them.
const (
	// CheckOutage: an active outage notice for the device's provider.
	CheckOutage Check = "outage"
	// CheckHardwareBelowMinimum: the device's hardware revision is below the
	// minimum of the firmware release it was upgraded to.
	CheckHardwareBelowMinimum Check = "hardware_below_minimum"
	// CheckReleasePausedOrWithdrawn: the device's firmware release is paused
	// or withdrawn.
	CheckReleasePausedOrWithdrawn Check = "release_paused_or_withdrawn"
	// CheckUpgradeIncomplete: an upgrade was reported but not completed.
	CheckUpgradeIncomplete Check = "upgrade_incomplete"
	// CheckPolicyNotice: an active policy-change notice applies to the device.
	CheckPolicyNotice Check = "policy_notice"
)

// Diagnosis node ids the context checks jump to. They are part of the data's
// contract: every version must define them, and Load fails if one is missing.
const (
	DiagnosisProviderOutage    = "d.ext.provider_outage"
	DiagnosisHardwareIncompat  = "d.hw.incompatible"
	DiagnosisReleaseBug        = "d.sw.release_bug"
	DiagnosisUpgradeIncomplete = "d.sw.upgrade_incomplete"
	DiagnosisPolicyChange      = "d.ext.policy_change"
)

var checkDiagnoses = map[Check]string{
	CheckOutage:                   DiagnosisProviderOutage,
	CheckHardwareBelowMinimum:     DiagnosisHardwareIncompat,
	CheckReleasePausedOrWithdrawn: DiagnosisReleaseBug,
	CheckUpgradeIncomplete:        DiagnosisUpgradeIncomplete,
	CheckPolicyNotice:             DiagnosisPolicyChange,
}

// Checks returns every context check in the order the spec lists them.
func Checks() []Check {
	return []Check{
		CheckOutage,
		CheckHardwareBelowMinimum,
		CheckReleasePausedOrWithdrawn,
		CheckUpgradeIncomplete,
		CheckPolicyNotice,
	}
}

// DiagnosisID returns the id of the diagnosis node the check jumps to.
func (c Check) DiagnosisID() (string, bool) {
	id, ok := checkDiagnoses[c]
	return id, ok
}

// ContextDiagnosis returns the diagnosis the check jumps to.
func (t *Tree) ContextDiagnosis(c Check) (*Diagnosis, error) {
	id, ok := c.DiagnosisID()
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCheck, c)
	}
	d, ok := t.nodes[id].(*Diagnosis)
	if !ok {
		return nil, &UnknownNodeError{ID: id}
	}
	return d, nil
}
