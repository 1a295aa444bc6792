package fees

// Summary is what a comparison says beyond its quotes (§11, §16): the
// recommended plan and the volume the merchant entered, so that a page and
// an API client read the same answer instead of each deriving it.
type Summary struct {
	// BestPlanID is BestPlanID of the ranked quotes; nil when no plan is
	// comparable.
	BestPlanID *int64 `json:"best_plan_id"`
	// MonthlyVolumeFen is the entered volume of one month over every
	// requested channel, supported by a plan or not; TotalVolumeFen is it
	// over the horizon. A quote's VolumeFen is only what that plan priced.
	MonthlyVolumeFen int64 `json:"monthly_volume_fen"`
	TotalVolumeFen   int64 `json:"total_volume_fen"`
}

// Summarize is the Summary of quotes ranked (by Rank or QuotePlans) for
// req. The error is ErrOverflow when the entered volume does not fit in
// int64 fen; req must be valid.
func Summarize(ranked []PlanQuote, req QuoteRequest) (Summary, error) {
	var c checked
	var monthly int64
	for i := range req.Profile.Channels {
		monthly = c.add(monthly, channelVolume(&c, &req.Profile.Channels[i]))
	}
	total := c.mul(monthly, int64(req.Months))
	if c.err != nil {
		return Summary{}, c.err
	}
	return Summary{BestPlanID: BestPlanID(ranked), MonthlyVolumeFen: monthly, TotalVolumeFen: total}, nil
}
