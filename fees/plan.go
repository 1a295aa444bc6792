package fees

// Plan is one acquirer's fee plan (§4, §11 "Fee plan"). Money is fen, rates
// are parts per million. A Plan is plain data: the store loads it, Validate
// checks it, Quote prices a volume profile against it.
type Plan struct {
	ID         int64 `json:"id"`
	ProviderID int64 `json:"provider_id"`
	// Provider is the provider's display name, filled by the store for
	// quotes and listings; it is not part of the plan's pricing and is not
	// validated.
	Provider string    `json:"provider,omitempty"`
	Name     string    `json:"name"`
	Rates    []RateRow `json:"rates"`

	MonthlyFeeFen int64 `json:"monthly_fee_fen"`
	// AnnualFeeFen is charged once per started year of the horizon.
	AnnualFeeFen int64 `json:"annual_fee_fen"`
	SetupFeeFen  int64 `json:"setup_fee_fen"`

	// DepositFen is paid up front and refunded in the first month whose
	// cumulative priced volume reaches DepositRefundVolumeFen, provided that
	// month is within DepositRefundMonths (0 = never refundable) and within
	// the quote horizon.
	DepositFen             int64 `json:"deposit_fen"`
	DepositRefundVolumeFen int64 `json:"deposit_refund_volume_fen"`
	DepositRefundMonths    int   `json:"deposit_refund_months"`

	// D0SurchargePPM is added to every rate when the merchant asks for
	// same-day (D0) settlement instead of the standard T1.
	D0SurchargePPM int64 `json:"d0_surcharge_ppm"`

	TerminalPrices []TerminalPrice `json:"terminal_prices"`
}

// RateRow prices one channel for tickets in [MinTicketFen, MaxTicketFen].
// Several rows for one channel form bands by ticket size (e.g. UnionPay QR
// up to ¥1,000 at one rate, above at another); they must not overlap.
type RateRow struct {
	Channel Channel `json:"channel"`
	RatePPM int64   `json:"rate_ppm"`
	// CapFen caps the percentage part of the fee per transaction (typical
	// for debit cards); nil means no cap. The fixed part is never capped.
	CapFen       *int64 `json:"cap_fen"`
	FixedFen     int64  `json:"fixed_fen"`
	MinTicketFen int64  `json:"min_ticket_fen"`
	// MaxTicketFen is inclusive; nil means no upper bound.
	MaxTicketFen *int64 `json:"max_ticket_fen"`
}

// Covers reports whether the row applies to a ticket of the given amount.
func (r RateRow) Covers(ticketFen int64) bool {
	return ticketFen >= r.MinTicketFen && (r.MaxTicketFen == nil || ticketFen <= *r.MaxTicketFen)
}

// TerminalPrice is what the plan's provider charges for one terminal model,
// either bought outright or rented per month.
type TerminalPrice struct {
	ModelID          int64 `json:"model_id"`
	PurchaseFen      int64 `json:"purchase_fen"`
	MonthlyRentalFen int64 `json:"monthly_rental_fen"`
}

// RateFor returns the row pricing a ticket on channel ch. ok is false when
// the plan has no row for the channel or no band covers the ticket; callers
// must then treat the channel as unsupported rather than price it at zero.
// On a validated plan at most one row matches.
func (p *Plan) RateFor(ch Channel, ticketFen int64) (row *RateRow, ok bool) {
	for i := range p.Rates {
		if r := &p.Rates[i]; r.Channel == ch && r.Covers(ticketFen) {
			return r, true
		}
	}
	return nil, false
}

// terminalPrice finds the price entry for a model.
func (p *Plan) terminalPrice(modelID int64) (TerminalPrice, bool) {
	for _, tp := range p.TerminalPrices {
		if tp.ModelID == modelID {
			return tp, true
		}
	}
	return TerminalPrice{}, false
}
