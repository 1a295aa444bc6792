package fees

import (
	"math"
	"math/big"
)

// oracle recomputes a quote straight from the doc.go formulas with
// arbitrary-precision integers, month by month and ticket by ticket, sharing
// no code with quote.go. fits is false when any reported amount exceeds
// int64, in which case Quote must return ErrOverflow.
func oracle(p Plan, req QuoteRequest, external ChannelSet) (q PlanQuote, fits bool) {
	big0 := func() *big.Int { return new(big.Int) }
	b := func(v int64) *big.Int { return big.NewInt(v) }
	halfUp := func(num, den *big.Int) *big.Int {
		q, r := new(big.Int).QuoRem(num, den, big0())
		if r.Lsh(r, 1).Cmp(den) >= 0 {
			q.Add(q, b(1))
		}
		return q
	}
	surcharge := int64(0)
	if req.Settlement == SettlementD0 {
		surcharge = p.D0SurchargePPM
	}

	type priced struct{ ticket, count int64 }
	processing, volume, monthlyVolume := big0(), big0(), big0()
	var unsupported []Channel
	var rows [][]RateRow // per priced channel, matched row per bucket
	var classes [][]priced
	for _, cv := range req.Profile.Channels {
		var cls []priced
		if len(cv.Buckets) > 0 {
			for _, bk := range cv.Buckets {
				cls = append(cls, priced{bk.TicketFen, bk.MonthlyCount})
			}
		} else {
			cls = []priced{{cv.AverageTicketFen, cv.MonthlyCount}}
		}
		var matched []RateRow
		ok := !external.Has(cv.Channel)
		hasRow := false
		for _, r := range p.Rates {
			hasRow = hasRow || r.Channel == cv.Channel
		}
		ok = ok && hasRow
		for _, c := range cls {
			if !ok {
				break
			}
			if c.count == 0 { // no tickets of this size: nothing to price, no band needed
				matched = append(matched, RateRow{})
				continue
			}
			found := false
			for _, r := range p.Rates {
				if r.Channel == cv.Channel && c.ticket >= r.MinTicketFen && (r.MaxTicketFen == nil || c.ticket <= *r.MaxTicketFen) {
					matched, found = append(matched, r), true
					break
				}
			}
			ok = found
		}
		if !ok {
			unsupported = append(unsupported, cv.Channel)
			continue
		}
		rows, classes = append(rows, matched), append(classes, cls)
	}
	for month := 0; month < req.Months; month++ {
		for i, cls := range classes {
			for j, c := range cls {
				r := rows[i][j]
				pct := halfUp(new(big.Int).Mul(b(c.ticket), b(r.RatePPM+surcharge)), b(1_000_000))
				if r.CapFen != nil && pct.Cmp(b(*r.CapFen)) > 0 {
					pct = b(*r.CapFen)
				}
				fee := pct.Add(pct, b(r.FixedFen))
				processing.Add(processing, fee.Mul(fee, b(c.count)))
				v := new(big.Int).Mul(b(c.ticket), b(c.count))
				volume.Add(volume, v)
				if month == 0 {
					monthlyVolume.Add(monthlyVolume, v)
				}
			}
		}
	}

	months := b(int64(req.Months))
	years := b(int64((req.Months + 11) / 12))
	fixed := new(big.Int).Mul(b(p.MonthlyFeeFen), months)
	fixed.Add(fixed, new(big.Int).Mul(b(p.AnnualFeeFen), years))
	fixed.Add(fixed, b(p.SetupFeeFen))

	terminal := big0()
	var model *int64
	missing := true
	for _, tp := range p.TerminalPrices {
		unit := tp.PurchaseFen
		if req.Acquisition == Rental {
			unit = tp.MonthlyRentalFen
		}
		better := model == nil
		if req.ModelID != nil {
			better = tp.ModelID == *req.ModelID
		} else if model != nil {
			cur := terminal.Int64()
			better = unit < cur || (unit == cur && tp.ModelID < *model)
		}
		if better {
			terminal, model, missing = b(unit), new(tp.ModelID), false
		}
	}
	terminal.Mul(terminal, b(req.TerminalCount))
	if req.Acquisition == Rental {
		terminal.Mul(terminal, months)
	}

	refunded := big0()
	var refundMonth *int
	cum := big0()
	for m := 1; m <= req.Months && m <= p.DepositRefundMonths && p.DepositFen > 0; m++ {
		cum.Add(cum, monthlyVolume)
		if cum.Cmp(b(p.DepositRefundVolumeFen)) >= 0 {
			refunded, refundMonth = b(p.DepositFen), new(m)
			break
		}
	}

	total := new(big.Int).Add(processing, fixed)
	total.Add(total, terminal).Add(total, b(p.DepositFen)).Sub(total, refunded)
	rate := big0()
	if volume.Sign() > 0 {
		rate = halfUp(new(big.Int).Mul(total, b(1_000_000)), volume)
	}

	fits = true
	get := func(v *big.Int) int64 {
		if !v.IsInt64() || v.Sign() < 0 {
			fits = false
			return math.MinInt64
		}
		return v.Int64()
	}
	if unsupported == nil {
		unsupported = []Channel{}
	}
	sortChannels(unsupported)
	q = PlanQuote{
		PlanID: p.ID, PlanName: p.Name, Provider: p.Provider, ProviderID: p.ProviderID,
		ProcessingFen: get(processing), FixedFeesFen: get(fixed), TerminalFen: get(terminal),
		DepositPaidFen: p.DepositFen, DepositRefundedFen: get(refunded), DepositRefundMonth: refundMonth,
		TotalFen: get(total), EffectiveRateBP: BasisPoints(get(rate)), UnsupportedChannels: unsupported,
		VolumeFen: get(volume), TerminalModelID: model, TerminalPriceMissing: missing,
		Comparable: len(unsupported) == 0 && !missing,
	}
	return q, fits
}

// sortChannels is an insertion sort so the oracle does not borrow the
// package's own sorting.
func sortChannels(cs []Channel) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j] < cs[j-1]; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
