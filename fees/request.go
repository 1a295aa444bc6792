package fees

// Acquisition says how the merchant gets its terminals.
type Acquisition string

// Acquisition values (§11).
const (
	Purchase Acquisition = "purchase"
	Rental   Acquisition = "rental"
)

// Settlement is the settlement speed the merchant asks for.
type Settlement string

// Settlement values (§11). D0 (same day) costs the plan's D0 surcharge on
// top of every rate; T1 (next working day) is the standard.
const (
	SettlementT1 Settlement = "T1"
	SettlementD0 Settlement = "D0"
)

// QuoteRequest is the §11 "Fee quote request": a merchant's expected
// volume, the horizon to compare over and how terminals are acquired.
type QuoteRequest struct {
	Profile Profile `json:"profile"`
	// Months is the comparison horizon, 1–120.
	Months int `json:"months"`
	// TerminalCount is at least 1: every quote includes the cost of the
	// terminals (processing alone is in processing_fen).
	TerminalCount int64       `json:"terminal_count"`
	Acquisition   Acquisition `json:"acquisition"`
	// ModelID selects the terminal model to price; nil prices each plan's
	// cheapest model for the chosen acquisition.
	ModelID    *int64     `json:"model_id,omitempty"`
	Settlement Settlement `json:"settlement"`
	// PlanIDs restricts the comparison to these plans; empty means all
	// plans handed to QuotePlans.
	PlanIDs []int64 `json:"plan_ids,omitempty"`
}

// Profile is the merchant's expected monthly volume per channel. The same
// volume is assumed in every month of the horizon.
type Profile struct {
	Channels []ChannelVolume `json:"channels"`
}

// ChannelVolume is one channel's monthly volume, given either as a count
// and an average ticket, or as ticket-size buckets (never both).
type ChannelVolume struct {
	Channel          Channel  `json:"channel"`
	MonthlyCount     int64    `json:"monthly_count,omitempty"`
	AverageTicketFen int64    `json:"average_ticket_fen,omitempty"`
	Buckets          []Bucket `json:"buckets,omitempty"`
}

// Bucket is a group of transactions of one ticket size per month. Buckets
// matter because caps and bands make the fee non-linear in the ticket: 100
// tickets of ¥10 and one of ¥1,000 cost differently than 101 of ¥19.80.
type Bucket struct {
	TicketFen    int64 `json:"ticket_fen"`
	MonthlyCount int64 `json:"monthly_count"`
}

// buckets returns the channel's volume as buckets, whichever form it was
// given in. one is caller-provided storage so the average-ticket form does
// not allocate.
func (cv *ChannelVolume) buckets(one *[1]Bucket) []Bucket {
	if len(cv.Buckets) > 0 {
		return cv.Buckets
	}
	one[0] = Bucket{TicketFen: cv.AverageTicketFen, MonthlyCount: cv.MonthlyCount}
	return one[:]
}
