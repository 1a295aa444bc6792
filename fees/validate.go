package fees

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits enforced by Validate. They bound what a form or an API client can
// ask for, so one request cannot make a quote arbitrarily expensive.
const (
	MaxRatePPM       = 100_000 // 10 %: no acquirer rate or surcharge is near it
	MaxNameLen       = 200     // runes
	MaxRateRows      = 100
	MaxTerminalRows  = 500
	MinMonths        = 1
	MaxMonths        = 120 // ten years: beyond that a fee plan comparison means nothing
	MaxTerminalCount = 100_000
	MaxBuckets       = 100
	MaxPlanIDs       = 1_000
)

// Validate checks a plan before it is stored or quoted. It returns nil or a
// *ValidationError with one entry per offending field.
func (p *Plan) Validate() error {
	var ix rowChannels
	return p.validate(&ix)
}

// rowChannels indexes a plan's rate rows by channel, so quoting compares
// small integers instead of channel names and looks only at the rows of
// the channel it prices. A valid plan has at most MaxRateRows rows, which
// fit in int8.
type rowChannels struct {
	ix   [MaxRateRows]int8   // row → channel index, -1 when unknown
	head [len(channels)]int8 // channel → its first row, -1 when none
	next [MaxRateRows]int8   // row → the channel's next row, -1 at the end
}

// validate is Validate, filling rc for the first MaxRateRows rows on the
// way.
func (p *Plan) validate(rc *rowChannels) error {
	n := min(len(p.Rates), MaxRateRows)
	for i := range n {
		rc.ix[i] = int8(p.Rates[i].Channel.index())
	}
	for ch := range rc.head {
		rc.head[ch] = -1
	}
	for i := n - 1; i >= 0; i-- { // backwards, so each list is in row order
		if ch := rc.ix[i]; ch >= 0 {
			rc.next[i], rc.head[ch] = rc.head[ch], int8(i)
		}
	}
	ix := &rc.ix
	var c collector
	if p.ProviderID <= 0 {
		c.add(field("provider_id"), CodeRequired, "is required", nil)
	}
	validateName(&c, field("name"), p.Name)

	switch {
	case len(p.Rates) == 0:
		c.add(field("rates"), CodeRequired, "at least one rate row is required", nil)
	case len(p.Rates) > MaxRateRows:
		c.add(field("rates"), CodeTooMany, fmt.Sprintf("at most %d rate rows", MaxRateRows),
			map[string]string{"max": fmt.Sprint(MaxRateRows)})
	default:
		for i := range p.Rates {
			validateRateRow(&c, i, &p.Rates[i], ix[i] >= 0)
		}
		validateBands(&c, p.Rates, ix[:len(p.Rates)])
	}

	c.atLeast(field("monthly_fee_fen"), p.MonthlyFeeFen, 0, " fen")
	c.atLeast(field("annual_fee_fen"), p.AnnualFeeFen, 0, " fen")
	c.atLeast(field("setup_fee_fen"), p.SetupFeeFen, 0, " fen")
	c.atLeast(field("deposit_fen"), p.DepositFen, 0, " fen")
	c.atLeast(field("deposit_refund_volume_fen"), p.DepositRefundVolumeFen, 0, " fen")
	c.atLeast(field("deposit_refund_months"), int64(p.DepositRefundMonths), 0, " months")
	c.rangeInt(field("d0_surcharge_ppm"), p.D0SurchargePPM, 0, MaxRatePPM, " ppm")

	if len(p.TerminalPrices) > MaxTerminalRows {
		c.add(field("terminal_prices"), CodeTooMany, fmt.Sprintf("at most %d terminal prices", MaxTerminalRows),
			map[string]string{"max": fmt.Sprint(MaxTerminalRows)})
		return c.err()
	}
	for i, tp := range p.TerminalPrices {
		switch {
		case tp.ModelID <= 0:
			c.add(elem("terminal_prices", i, "model_id"), CodeRequired, "is required", nil)
		case slices.ContainsFunc(p.TerminalPrices[:i], func(o TerminalPrice) bool { return o.ModelID == tp.ModelID }):
			c.add(elem("terminal_prices", i, "model_id"), CodeDuplicate, "this model already has a price", nil)
		}
		c.atLeast(elem("terminal_prices", i, "purchase_fen"), tp.PurchaseFen, 0, " fen")
		c.atLeast(elem("terminal_prices", i, "monthly_rental_fen"), tp.MonthlyRentalFen, 0, " fen")
	}
	return c.err()
}

func validateName(c *collector, at path, name string) {
	switch {
	case strings.TrimSpace(name) == "":
		c.add(at, CodeRequired, "is required", nil)
	case utf8.RuneCountInString(name) > MaxNameLen:
		c.add(at, CodeTooLong, fmt.Sprintf("must be at most %d characters", MaxNameLen),
			map[string]string{"max": fmt.Sprint(MaxNameLen)})
	}
}

func validateChannel(c *collector, at path, ch Channel) {
	switch {
	case ch == "":
		c.add(at, CodeRequired, "is required", nil)
	case !ch.Valid():
		names := make([]string, len(channels))
		for i, k := range channels {
			names[i] = string(k)
		}
		c.add(at, CodeUnknown, "must be one of "+strings.Join(names, ", "),
			map[string]string{"allowed": strings.Join(names, ",")})
	}
}

func validateRateRow(c *collector, i int, r *RateRow, knownChannel bool) {
	if knownChannel && rateRowOK(r) {
		return // the common case, without building a path per check
	}
	validateChannel(c, elem("rates", i, "channel"), r.Channel)
	c.rangeInt(elem("rates", i, "rate_ppm"), r.RatePPM, 0, MaxRatePPM, " ppm")
	if r.CapFen != nil {
		c.atLeast(elem("rates", i, "cap_fen"), *r.CapFen, 0, " fen")
	}
	c.atLeast(elem("rates", i, "fixed_fen"), r.FixedFen, 0, " fen")
	c.atLeast(elem("rates", i, "min_ticket_fen"), r.MinTicketFen, 0, " fen")
	if r.MaxTicketFen != nil && *r.MaxTicketFen < r.MinTicketFen {
		c.add(elem("rates", i, "max_ticket_fen"), CodeRangeInverted, "must not be less than min_ticket_fen", nil)
	}
}

// rateRowOK is validateRateRow's checks but the channel's as one
// expression: true exactly when they would add nothing.
func rateRowOK(r *RateRow) bool {
	return r.RatePPM >= 0 && r.RatePPM <= MaxRatePPM &&
		(r.CapFen == nil || *r.CapFen >= 0) && r.FixedFen >= 0 && r.MinTicketFen >= 0 &&
		(r.MaxTicketFen == nil || *r.MaxTicketFen >= r.MinTicketFen)
}

// validateBands reports rows whose ticket range shares a ticket with
// another row of the same channel: a ticket must have exactly one price.
// Rows with an inverted or negative range are skipped, they already have
// their own error. Gaps are allowed: tickets in a gap are unsupported.
func validateBands(c *collector, rows []RateRow, ix []int8) {
	if anyOverlap(rows, ix) { // never, for the stored plans checked on every quote
		reportOverlaps(c, rows)
	}
}

// reportOverlaps adds an error for each row that overlaps the row before
// it in (channel, min ticket) order.
func reportOverlaps(c *collector, rows []RateRow) {
	var buf [16]int // typical plans have < 16 rows: no allocation
	idx := buf[:0]
	for i, r := range rows {
		if r.Channel.Valid() && r.MinTicketFen >= 0 && (r.MaxTicketFen == nil || *r.MaxTicketFen >= r.MinTicketFen) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(rows[a].Channel.index(), rows[b].Channel.index()),
			cmp.Compare(rows[a].MinTicketFen, rows[b].MinTicketFen),
		)
	})
	for k := 1; k < len(idx); k++ {
		prev, cur := &rows[idx[k-1]], &rows[idx[k]]
		if prev.Channel != cur.Channel {
			continue
		}
		// Sorted by min, so cur overlaps prev iff prev reaches cur's min.
		if prev.MaxTicketFen == nil || *prev.MaxTicketFen >= cur.MinTicketFen {
			other := fmt.Sprintf("rates[%d]", idx[k-1])
			c.add(elem("rates", idx[k], "min_ticket_fen"), CodeOverlap,
				fmt.Sprintf("overlaps the %s band of %s", cur.Channel, other),
				map[string]string{"other": other})
		}
	}
}

// anyOverlap reports whether two well-formed rows of one channel share a
// ticket, with the same row filter as validateBands. Comparing every pair
// costs less than sorting for the dozen rows a plan has; if some pair
// overlaps, some pair adjacent in validateBands' order does too, so the
// two agree on whether there is anything to report.
func anyOverlap(rows []RateRow, ix []int8) bool {
	wellFormed := func(r *RateRow) bool {
		return r.MinTicketFen >= 0 && (r.MaxTicketFen == nil || *r.MaxTicketFen >= r.MinTicketFen)
	}
	for i := range rows {
		a := &rows[i]
		if ix[i] < 0 || !wellFormed(a) {
			continue
		}
		for j := i + 1; j < len(rows); j++ {
			b := &rows[j]
			if ix[j] != ix[i] || !wellFormed(b) {
				continue
			}
			if (a.MaxTicketFen == nil || *a.MaxTicketFen >= b.MinTicketFen) &&
				(b.MaxTicketFen == nil || *b.MaxTicketFen >= a.MinTicketFen) {
				return true
			}
		}
	}
	return false
}

// Validate checks a quote request. It returns nil or a *ValidationError.
func (r *QuoteRequest) Validate() error {
	var c collector
	if len(r.Profile.Channels) == 0 {
		c.add(field("profile.channels"), CodeRequired, "at least one channel is required", nil)
	}
	for i := range r.Profile.Channels {
		cv := &r.Profile.Channels[i]
		validateChannel(&c, elem("profile.channels", i, "channel"), cv.Channel)
		if cv.Channel.Valid() && slices.ContainsFunc(r.Profile.Channels[:i], func(o ChannelVolume) bool { return o.Channel == cv.Channel }) {
			c.add(elem("profile.channels", i, "channel"), CodeDuplicate, "this channel is already in the profile", nil)
		}
		validateChannelVolume(&c, i, cv)
	}

	c.rangeInt(field("months"), int64(r.Months), MinMonths, MaxMonths, " months")
	c.rangeInt(field("terminal_count"), r.TerminalCount, 1, MaxTerminalCount, "")
	validateEnum(&c, field("acquisition"), string(r.Acquisition), string(Purchase), string(Rental))
	validateEnum(&c, field("settlement"), string(r.Settlement), string(SettlementT1), string(SettlementD0))
	if r.ModelID != nil && *r.ModelID <= 0 {
		c.add(field("model_id"), CodeOutOfRange, "must be a positive id", map[string]string{"min": "1"})
	}

	if len(r.PlanIDs) > MaxPlanIDs {
		c.add(field("plan_ids"), CodeTooMany, fmt.Sprintf("at most %d plans", MaxPlanIDs),
			map[string]string{"max": fmt.Sprint(MaxPlanIDs)})
		return c.err()
	}
	ids := make(map[int64]bool, len(r.PlanIDs))
	for i, id := range r.PlanIDs {
		switch {
		case id <= 0:
			c.add(elem("plan_ids", i, ""), CodeOutOfRange, "must be a positive id", map[string]string{"min": "1"})
		case ids[id]:
			c.add(elem("plan_ids", i, ""), CodeDuplicate, "this plan is already listed", nil)
		}
		ids[id] = true
	}
	return c.err()
}

func validateChannelVolume(c *collector, i int, cv *ChannelVolume) {
	if len(cv.Buckets) == 0 {
		switch {
		case cv.AverageTicketFen == 0:
			c.add(elem("profile.channels", i, "average_ticket_fen"), CodeRequired,
				"give average_ticket_fen with monthly_count, or buckets", nil)
		case cv.AverageTicketFen < 0:
			c.atLeast(elem("profile.channels", i, "average_ticket_fen"), cv.AverageTicketFen, 1, " fen")
		}
		c.atLeast(elem("profile.channels", i, "monthly_count"), cv.MonthlyCount, 0, "")
		return
	}
	if cv.MonthlyCount != 0 || cv.AverageTicketFen != 0 {
		c.add(elem("profile.channels", i, ""), CodeConflict,
			"give either monthly_count with average_ticket_fen, or buckets, not both", nil)
	}
	parent := elem("profile.channels", i, "").String()
	if len(cv.Buckets) > MaxBuckets {
		c.add(path{parent: parent, field: "buckets"}, CodeTooMany, fmt.Sprintf("at most %d buckets", MaxBuckets),
			map[string]string{"max": fmt.Sprint(MaxBuckets)})
		return
	}
	for j, b := range cv.Buckets {
		c.atLeast(path{parent: parent, list: "buckets", index: j, field: "ticket_fen"}, b.TicketFen, 1, " fen")
		c.atLeast(path{parent: parent, list: "buckets", index: j, field: "monthly_count"}, b.MonthlyCount, 0, "")
	}
}

func validateEnum(c *collector, at path, v string, allowed ...string) {
	switch {
	case v == "":
		c.add(at, CodeRequired, "is required", nil)
	case !slices.Contains(allowed, v):
		c.add(at, CodeUnknown, "must be one of "+strings.Join(allowed, ", "),
			map[string]string{"allowed": strings.Join(allowed, ",")})
	}
}
