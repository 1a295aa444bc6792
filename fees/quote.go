package fees

import "slices"

// PlanQuote is one plan's line in a comparison (§11 "Fee quote" item). All
// amounts are totals over the request's horizon, in fen.
type PlanQuote struct {
	PlanID     int64  `json:"plan_id"`
	PlanName   string `json:"plan_name"`
	Provider   string `json:"provider"`
	ProviderID int64  `json:"provider_id"`

	ProcessingFen      int64 `json:"processing_fen"`
	FixedFeesFen       int64 `json:"fixed_fees_fen"`
	TerminalFen        int64 `json:"terminal_fen"`
	DepositPaidFen     int64 `json:"deposit_paid_fen"`
	DepositRefundedFen int64 `json:"deposit_refunded_fen"`
	// DepositRefundMonth is the 1-based month of the horizon in which the
	// deposit comes back; nil if it does not come back within the horizon
	// (or there is no deposit).
	DepositRefundMonth *int  `json:"deposit_refund_month"`
	TotalFen           int64 `json:"total_fen"`
	// EffectiveRateBP is TotalFen / VolumeFen in basis points, 0 when no
	// volume could be priced.
	EffectiveRateBP BasisPoints `json:"effective_rate_bp"`
	// UnsupportedChannels lists (sorted, never null) the requested channels
	// whose volume this plan cannot take and which are therefore left out of
	// ProcessingFen, VolumeFen and the effective rate. A merchant reading a
	// cheap total must see that it does not cover everything.
	UnsupportedChannels []Channel `json:"unsupported_channels"`

	// VolumeFen is the priced volume over the horizon (excludes unsupported
	// channels); it is the denominator of the effective rate.
	VolumeFen int64 `json:"volume_fen"`
	// TerminalModelID is the model whose price makes up TerminalFen: the
	// requested model, or the plan's cheapest when none was requested.
	TerminalModelID *int64 `json:"terminal_model_id"`
	// TerminalPriceMissing is true when the plan has no price for the
	// requested model (or no terminal prices at all when no model was
	// requested). TerminalFen is then 0 and the total understates the cost.
	TerminalPriceMissing bool `json:"terminal_price_missing"`
}

// Quote prices req against one plan. Channels in unsupported (e.g. what the
// chosen terminal model or the plan's provider cannot take, from the
// catalog) are treated exactly like channels the plan has no rate for.
// It validates both inputs: a *ValidationError for the request, a
// *PlanError wrapping a *ValidationError or ErrOverflow for the plan.
func Quote(p Plan, req QuoteRequest, unsupported ChannelSet) (PlanQuote, error) {
	if err := req.Validate(); err != nil {
		return PlanQuote{}, err
	}
	if err := p.Validate(); err != nil {
		return PlanQuote{}, &PlanError{PlanID: p.ID, Err: err}
	}
	q, err := quote(&p, &req, unsupported)
	if err != nil {
		return PlanQuote{}, &PlanError{PlanID: p.ID, Err: err}
	}
	return q, nil
}

// quote assumes p and req are valid; every sum and product is still checked
// because valid inputs can be large enough to overflow.
func quote(p *Plan, req *QuoteRequest, external ChannelSet) (PlanQuote, error) {
	q := PlanQuote{
		PlanID:              p.ID,
		PlanName:            p.Name,
		Provider:            p.Provider,
		ProviderID:          p.ProviderID,
		UnsupportedChannels: []Channel{},
	}
	var c checked
	months := int64(req.Months)

	// The profile is the same every month and fees are per transaction, so
	// Σ over months = months × one month's fees, exactly.
	surcharge := surchargeFor(p, req.Settlement)
	var monthlyFees, monthlyVolume int64
	var one [1]Bucket
	for i := range req.Profile.Channels {
		cv := &req.Profile.Channels[i]
		if external.Has(cv.Channel) {
			q.UnsupportedChannels = append(q.UnsupportedChannels, cv.Channel)
			continue
		}
		fees, volume, ok := channelMonthly(&c, p, cv.Channel, cv.buckets(&one), surcharge)
		if !ok {
			q.UnsupportedChannels = append(q.UnsupportedChannels, cv.Channel)
			continue
		}
		monthlyFees = c.add(monthlyFees, fees)
		monthlyVolume = c.add(monthlyVolume, volume)
	}
	slices.Sort(q.UnsupportedChannels)
	q.ProcessingFen = c.mul(monthlyFees, months)
	q.VolumeFen = c.mul(monthlyVolume, months)

	q.FixedFeesFen = c.add(c.add(
		c.mul(p.MonthlyFeeFen, months),
		c.mul(p.AnnualFeeFen, (months+11)/12)), // ceil(months / 12): a started year is a year
		p.SetupFeeFen)

	q.TerminalFen, q.TerminalModelID, q.TerminalPriceMissing = terminalCost(&c, p, req)

	q.DepositPaidFen = p.DepositFen
	if m, ok := depositRefundMonth(p, monthlyVolume, months); ok {
		q.DepositRefundMonth = &m
		q.DepositRefundedFen = p.DepositFen
	}

	// Refunded ≤ paid, so subtracting last keeps every step non-negative.
	q.TotalFen = c.add(c.add(c.add(q.ProcessingFen, q.FixedFeesFen), q.TerminalFen),
		q.DepositPaidFen-q.DepositRefundedFen)

	if q.VolumeFen > 0 {
		// total / volume × 10⁴ bp, in hundredths of a bp: × 10⁶, half-up.
		q.EffectiveRateBP = BasisPoints(c.mulDivHalfUp(q.TotalFen, 1_000_000, q.VolumeFen))
	}
	if c.err != nil {
		return PlanQuote{}, c.err
	}
	return q, nil
}

// channelMonthly returns one month's fees and volume for a channel. ok is
// false when the plan has no rate row for the channel, or a ticket size
// that occurs (count > 0) has no covering band: pricing only part of a
// channel would make the plan look cheaper than it is, so the whole channel
// is reported unsupported instead. Sizes with no tickets need no band.
func channelMonthly(c *checked, p *Plan, ch Channel, buckets []Bucket, surcharge int64) (fees, volume int64, ok bool) {
	if !slices.ContainsFunc(p.Rates, func(r RateRow) bool { return r.Channel == ch }) {
		return 0, 0, false
	}
	for _, b := range buckets {
		if b.MonthlyCount == 0 {
			continue
		}
		row, found := p.RateFor(ch, b.TicketFen)
		if !found {
			return 0, 0, false
		}
		fee := transactionFee(c, row, b.TicketFen, surcharge)
		fees = c.add(fees, c.mul(fee, b.MonthlyCount))
		volume = c.add(volume, c.mul(b.TicketFen, b.MonthlyCount))
	}
	return fees, volume, true
}

// terminalCost prices the terminals: purchase × count up front, or rental ×
// count × months. Without a requested model the plan's cheapest model for
// the chosen acquisition is used (ties: lowest model id), because a
// merchant comparing plans before choosing hardware wants each plan's best
// offer. A missing price yields cost 0 and missing = true rather than an
// error, so the plan still appears in the comparison, visibly flagged.
func terminalCost(c *checked, p *Plan, req *QuoteRequest) (cost int64, model *int64, missing bool) {
	unit := func(tp TerminalPrice) int64 {
		if req.Acquisition == Rental {
			return tp.MonthlyRentalFen
		}
		return tp.PurchaseFen
	}
	var tp TerminalPrice
	if req.ModelID != nil {
		var ok bool
		if tp, ok = p.terminalPrice(*req.ModelID); !ok {
			return 0, nil, true
		}
	} else {
		if len(p.TerminalPrices) == 0 {
			return 0, nil, true
		}
		tp = p.TerminalPrices[0]
		for _, cand := range p.TerminalPrices[1:] {
			if u, best := unit(cand), unit(tp); u < best || (u == best && cand.ModelID < tp.ModelID) {
				tp = cand
			}
		}
	}
	cost = c.mul(unit(tp), req.TerminalCount)
	if req.Acquisition == Rental {
		cost = c.mul(cost, int64(req.Months))
	}
	id := tp.ModelID
	return cost, &id, false
}

// depositRefundMonth returns the first month m (1-based) whose cumulative
// priced volume m × monthlyVolume reaches the refund threshold, if
// m ≤ deposit_refund_months and m ≤ the horizon. No deposit means nothing
// to refund; deposit_refund_months = 0 means the deposit is non-refundable.
func depositRefundMonth(p *Plan, monthlyVolume, months int64) (int, bool) {
	if p.DepositFen == 0 || p.DepositRefundMonths <= 0 {
		return 0, false
	}
	var m int64
	switch x := p.DepositRefundVolumeFen; {
	case x <= monthlyVolume: // includes a zero threshold: reached in month 1
		m = 1
	case monthlyVolume == 0:
		return 0, false
	default:
		m = (x-1)/monthlyVolume + 1 // ceil(x / monthlyVolume) without overflow
	}
	if m > int64(p.DepositRefundMonths) || m > months {
		return 0, false
	}
	return int(m), true
}
