package insights

// Report is GET /api/v1/insights (§15). Field names are a contract.
type Report struct {
	From           string          `json:"from"`
	To             string          `json:"to"`
	Funnel         []FunnelStage   `json:"funnel"`
	Rejected       int             `json:"rejected"`
	Withdrawn      int             `json:"withdrawn"`
	StageDurations []StageDuration `json:"stage_durations"`
	ReviewSLA      ReviewSLA       `json:"review_sla"`
	Queue          Queue           `json:"queue"`
	// TicketsByRelease is ordered worst first: most tickets per 100 devices.
	TicketsByRelease []ReleaseTickets `json:"tickets_by_release"`
	Installers       []InstallerLoad  `json:"installers"`
	// Weekly is the trend of submissions and activations, Monday-based
	// weeks in Asia/Shanghai covering the range.
	Weekly []Week `json:"weekly"`
	// GeneratedAt is when the figures were computed (RFC 3339, UTC).
	GeneratedAt string `json:"generated_at"`
}

// Stage names a step of the funnel.
type Stage string

// The funnel's stages in order (§15).
const (
	StageSubmitted             Stage = "submitted"
	StageApproved              Stage = "approved"
	StageContractSigned        Stage = "contract_signed"
	StageInstallationScheduled Stage = "installation_scheduled"
	StageInstalled             Stage = "installed"
	StageActive                Stage = "active"
	// StageDecided is the reviewer's final answer (approved or rejected),
	// used as an end point of stage durations.
	StageDecided Stage = "decided"
)

// FunnelStages is the funnel's order.
var FunnelStages = []Stage{StageSubmitted, StageApproved, StageContractSigned, StageInstallationScheduled, StageInstalled, StageActive}

// FunnelStage is how many applications of the cohort reached a stage.
type FunnelStage struct {
	Stage Stage `json:"stage"`
	Count int   `json:"count"`
}

// StageDuration is the time between two stages over the applications that
// reached both; hours are rounded to two decimals.
type StageDuration struct {
	From        Stage   `json:"from"`
	To          Stage   `json:"to"`
	Count       int     `json:"count"`
	MedianHours float64 `json:"median_hours"`
	P90Hours    float64 `json:"p90_hours"`
}

// ReviewSLA is how many decisions came within the review SLA of
// onboarding.ReviewSLABusinessDays business days after the submission
// they answered.
type ReviewSLA struct {
	Decided   int `json:"decided"`
	WithinSLA int `json:"within_sla"`
	// Rate is WithinSLA / Decided (0 when nothing was decided), 4 decimals.
	Rate       float64       `json:"rate"`
	ByReviewer []ReviewerSLA `json:"by_reviewer"`
}

// ReviewerSLA is one reviewer's share of ReviewSLA.
type ReviewerSLA struct {
	Reviewer  string `json:"reviewer"`
	Decided   int    `json:"decided"`
	WithinSLA int    `json:"within_sla"`
}

// Queue is what waits for a reviewer now, whatever the range.
type Queue struct {
	Waiting     int     `json:"waiting"`
	Overdue     int     `json:"overdue"`
	OldestHours float64 `json:"oldest_hours"`
}

// ReleaseTickets is the regression watch's measure for one model and
// firmware version over devices upgraded in the range: tickets opened
// within the watch window (72 h) of the upgrade.
type ReleaseTickets struct {
	Model   string `json:"model"`
	Version string `json:"version"`
	Devices int    `json:"devices"`
	Tickets int    `json:"tickets"`
	// DevicesWithTickets is what the watch's threshold counts.
	DevicesWithTickets int `json:"devices_with_tickets"`
	// Per100Devices is Tickets × 100 / Devices, 2 decimals.
	Per100Devices float64 `json:"per_100_devices"`
	// Suspect is the regression watch's flag on the release.
	Suspect bool `json:"suspect"`
}

// InstallerLoad is booked against available working hours in the range.
type InstallerLoad struct {
	Name           string  `json:"name"`
	BookedHours    float64 `json:"booked_hours"`
	AvailableHours float64 `json:"available_hours"`
	// Utilisation is BookedHours / AvailableHours (0 without hours), 4 decimals.
	Utilisation float64 `json:"utilisation"`
}

// Week is one week of the trend.
type Week struct {
	Start     string `json:"start"` // Monday, YYYY-MM-DD
	Submitted int    `json:"submitted"`
	Activated int    `json:"activated"`
}
