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
	// Comparable is true when the quote prices every requested channel and
	// the terminal: only such totals compare like for like, so only such
	// plans can be the best plan, and they rank before every other.
	Comparable bool `json:"comparable"`
}

// DepositNetFen is the part of the deposit the total includes: what was
// paid less what comes back within the horizon (never negative).
func (q *PlanQuote) DepositNetFen() int64 { return q.DepositPaidFen - q.DepositRefundedFen }

// Quote prices req against one plan. Channels in unsupported (e.g. what the
// chosen terminal model or the plan's provider cannot take, from the
// catalog) are treated exactly like channels the plan has no rate for.
// It validates both inputs: a *ValidationError for the request, a
// *PlanError wrapping a *ValidationError or ErrOverflow for the plan.
func Quote(p Plan, req QuoteRequest, unsupported ChannelSet) (PlanQuote, error) {
	if err := req.Validate(); err != nil {
		return PlanQuote{}, err
	}
	var ix rowChannels
	if err := p.validate(&ix); err != nil {
		return PlanQuote{}, &PlanError{PlanID: p.ID, Err: err}
	}
	var q PlanQuote
	if err := quote(&q, &p, &ix, &req, requestChannels(&req), unsupported, newArena(1, &req)); err != nil {
		return PlanQuote{}, &PlanError{PlanID: p.ID, Err: err}
	}
	return q, nil
}

// arena holds the small parts of a comparison's quotes — the targets of
// their pointer fields and their unsupported-channel lists — in blocks
// sized for all of them up front, so quoting n plans allocates a constant
// number of times rather than two or three times per plan. The blocks
// never grow, so pointers into them stay valid.
type arena struct {
	ids    []int64
	months []int
	chans  []Channel
}

func newArena(plans int, req *QuoteRequest) *arena {
	return &arena{
		ids:    make([]int64, 0, plans),
		months: make([]int, 0, plans),
		chans:  make([]Channel, 0, plans*len(req.Profile.Channels)),
	}
}

func (a *arena) id(v int64) *int64 {
	a.ids = append(a.ids, v)
	return &a.ids[len(a.ids)-1]
}

func (a *arena) month(v int) *int {
	a.months = append(a.months, v)
	return &a.months[len(a.months)-1]
}

// requestChannels is the channel index of each of a valid request's
// channels (at most one per channel, so at most len(channels)).
func requestChannels(req *QuoteRequest) (out [len(channels)]int8) {
	for i := range req.Profile.Channels {
		out[i] = int8(req.Profile.Channels[i].Channel.index())
	}
	return out
}

// quote assumes p and req are valid, ix holding p's row channels and reqIx
// req's channels; every sum and product is still checked because valid
// inputs can be large enough to overflow. a must have room for this plan.
// The quote is written into *q, which must be zero: a comparison fills its
// result slice in place instead of copying each quote into it.
func quote(q *PlanQuote, p *Plan, ix *rowChannels, req *QuoteRequest, reqIx [len(channels)]int8, external ChannelSet, a *arena) error {
	q.PlanID, q.PlanName, q.Provider, q.ProviderID = p.ID, p.Name, p.Provider, p.ProviderID
	// At most one entry per requested channel: appends stay inside the
	// block, and the final slice is capped so a caller's append copies.
	start := len(a.chans)
	var c checked
	months := int64(req.Months)

	// The profile is the same every month and fees are per transaction, so
	// Σ over months = months × one month's fees, exactly.
	surcharge := surchargeFor(p, req.Settlement)
	var monthlyFees, monthlyVolume int64
	var one [1]Bucket
	for i := range req.Profile.Channels {
		cv := &req.Profile.Channels[i]
		if external&(1<<reqIx[i]) != 0 {
			a.chans = append(a.chans, cv.Channel)
			continue
		}
		fees, volume, ok := channelMonthly(&c, p, ix, reqIx[i], cv.buckets(&one), surcharge)
		if !ok {
			a.chans = append(a.chans, cv.Channel)
			continue
		}
		monthlyFees = c.add(monthlyFees, fees)
		monthlyVolume = c.add(monthlyVolume, volume)
	}
	q.UnsupportedChannels = a.chans[start:len(a.chans):len(a.chans)]
	slices.Sort(q.UnsupportedChannels)
	q.ProcessingFen = c.mul(monthlyFees, months)
	q.VolumeFen = c.mul(monthlyVolume, months)

	q.FixedFeesFen = c.add(c.add(
		c.mul(p.MonthlyFeeFen, months),
		c.mul(p.AnnualFeeFen, (months+11)/12)), // ceil(months / 12): a started year is a year
		p.SetupFeeFen)

	var model int64
	q.TerminalFen, model, q.TerminalPriceMissing = terminalCost(&c, p, req)
	if !q.TerminalPriceMissing {
		q.TerminalModelID = a.id(model)
	}

	q.Comparable = len(q.UnsupportedChannels) == 0 && !q.TerminalPriceMissing

	q.DepositPaidFen = p.DepositFen
	if m, ok := depositRefundMonth(p, monthlyVolume, months); ok {
		q.DepositRefundMonth = a.month(m)
		q.DepositRefundedFen = p.DepositFen
	}

	// Refunded ≤ paid, so subtracting last keeps every step non-negative.
	q.TotalFen = c.add(c.add(c.add(q.ProcessingFen, q.FixedFeesFen), q.TerminalFen), q.DepositNetFen())

	if q.VolumeFen > 0 {
		// total / volume × 10⁴ bp, in hundredths of a bp: × 10⁶, half-up.
		q.EffectiveRateBP = BasisPoints(c.mulDivHalfUp(q.TotalFen, 1_000_000, q.VolumeFen))
	}
	return c.err
}

// channelMonthly returns one month's fees and volume for a channel. ok is
// false when the plan has no rate row for the channel, or a ticket size
// that occurs (count > 0) has no covering band: pricing only part of a
// channel would make the plan look cheaper than it is, so the whole channel
// is reported unsupported instead. Sizes with no tickets need no band.
func channelMonthly(c *checked, p *Plan, ix *rowChannels, ch int8, buckets []Bucket, surcharge int64) (fees, volume int64, ok bool) {
	priced := false
	for _, b := range buckets {
		if b.MonthlyCount == 0 {
			continue
		}
		row := rateFor(p, ix, ch, b.TicketFen)
		if row == nil {
			return 0, 0, false
		}
		priced = true
		fee := transactionFee(c, row, b.TicketFen, surcharge)
		fees = c.add(fees, c.mul(fee, b.MonthlyCount))
		volume = c.add(volume, c.mul(b.TicketFen, b.MonthlyCount))
	}
	// A found band proves the channel has a row; only a channel without
	// tickets needs the separate look.
	if !priced && ix.head[ch] < 0 {
		return 0, 0, false
	}
	return fees, volume, true
}

// rateFor is Plan.RateFor by channel index, visiting only that channel's
// rows in order; nil when none covers the ticket.
func rateFor(p *Plan, ix *rowChannels, ch int8, ticketFen int64) *RateRow {
	for i := ix.head[ch]; i >= 0; i = ix.next[i] {
		if r := &p.Rates[i]; r.Covers(ticketFen) {
			return r
		}
	}
	return nil
}

// terminalCost prices the terminals: purchase × count up front, or rental ×
// count × months. Without a requested model the plan's cheapest model for
// the chosen acquisition is used (ties: lowest model id), because a
// merchant comparing plans before choosing hardware wants each plan's best
// offer. A missing price yields cost 0 and missing = true rather than an
// error, so the plan still appears in the comparison, visibly flagged.
func terminalCost(c *checked, p *Plan, req *QuoteRequest) (cost, model int64, missing bool) {
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
			return 0, 0, true
		}
	} else {
		if len(p.TerminalPrices) == 0 {
			return 0, 0, true
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
	return cost, tp.ModelID, false
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
