package fees

// PPMPerUnit is the ppm denominator: a rate of 1_000_000 ppm is 100 %.
const PPMPerUnit = 1_000_000

// TransactionFee returns the fee for one transaction of ticketFen priced by
// row, with surchargePPM (the D0 surcharge, or 0 for T1) added to the rate:
//
//	fee = min(round_half_up(ticket × (rate + surcharge) / 10⁶), cap) + fixed
//
// The surcharge is inside the capped part because a cap bounds what the
// acquirer takes as a percentage, whatever the settlement speed. The result
// is exact: the product is computed in 128 bits and only an int64 overflow
// of the result is an error (ErrOverflow).
func TransactionFee(row RateRow, ticketFen, surchargePPM int64) (int64, error) {
	var c checked
	fee := transactionFee(&c, &row, ticketFen, surchargePPM)
	return fee, c.err
}

func transactionFee(c *checked, row *RateRow, ticketFen, surchargePPM int64) int64 {
	rate := c.add(row.RatePPM, surchargePPM)
	pct := c.mulPPMHalfUp(ticketFen, rate)
	if row.CapFen != nil && pct > *row.CapFen {
		pct = *row.CapFen
	}
	return c.add(pct, row.FixedFen)
}

// surchargeFor is the ppm added to every rate of p under settlement s.
func surchargeFor(p *Plan, s Settlement) int64 {
	if s == SettlementD0 {
		return p.D0SurchargePPM
	}
	return 0
}
