// Package fees compares acquirers' fee plans for a merchant's expected
// volume (§4, §11 of the spec). It is pure arithmetic: no I/O, no clock, no
// randomness, so the same inputs always give the same ranking.
//
// # Units
//
// Money is int64 fen (¥1 = 100 fen) and rates are int64 parts per million
// (0.38 % = 3800 ppm). No float64 is used anywhere. Every sum and product is
// checked; a result beyond int64 is reported as ErrOverflow instead of
// wrapping around. Products such as ticket × rate are formed in 128 bits
// (math/bits), so they are exact however large the inputs are.
//
// # Rounding
//
// round_half_up(x / d) for x ≥ 0 is the quotient rounded to the nearest
// integer, with exactly one half rounded up (2.5 fen → 3 fen). It is applied
// per transaction (to the percentage part of the fee) and once to the
// effective rate. All amounts are non-negative, so "half up" and "half away
// from zero" coincide.
//
// # Formulas
//
// Let rate = rate_ppm of the band covering the ticket, plus d0_surcharge_ppm
// when settlement is D0 (0 for T1). Per transaction:
//
//	fee = min(round_half_up(ticket × rate / 10⁶), cap) + fixed
//
// where a nil cap_fen means there is no cap (the min is skipped); the fixed
// part is never capped.
// A rate row applies when min_ticket_fen ≤ ticket ≤ max_ticket_fen (nil max:
// no upper bound); bands of one channel never overlap (Plan.Validate).
//
// A volume profile gives per channel either monthly_count tickets of
// average_ticket_fen, or buckets of (ticket_fen, monthly_count). Every month
// of the horizon has the same profile, hence over months = M:
//
//	processing  = M × Σ_channels Σ_buckets fee(ticket) × monthly_count
//	volume      = M × Σ_channels Σ_buckets ticket × monthly_count
//	fixed fees  = monthly_fee × M + annual_fee × ceil(M / 12) + setup_fee
//	terminal    = purchase × terminal_count                 (purchase)
//	            = monthly_rental × terminal_count × M       (rental)
//	deposit paid = deposit
//	refund month = the first m ≥ 1 with m × monthly volume ≥ deposit_refund_volume
//	deposit refunded = deposit if refund month ≤ deposit_refund_months and ≤ M, else 0
//	total       = processing + fixed fees + terminal + deposit paid − deposit refunded
//	effective rate = total / volume × 10⁴ bp, rounded half-up to 2 decimals:
//	               round_half_up(total × 10⁶ / volume) hundredths of a bp;
//	               0 when volume is 0
//
// The effective rate is of type BasisPoints: an integer count of hundredths
// of a basis point that JSON-encodes as a number with two decimals (2345 →
// 23.45). Its volume is the priced volume, so it never includes channels the
// plan could not price.
//
// # Unsupported channels
//
// A requested channel is unsupported by a plan when the plan has no rate row
// for it, when a ticket size of it that has tickets (count > 0) falls
// outside every band, or when the caller says so (Compatibility: the
// terminal model or the provider cannot take it). Its whole volume is then
// left out of processing, of the effective-rate volume and of the
// deposit-refund volume, and the channel is listed in unsupported_channels
// (sorted by name). It is never priced at zero, and never priced in part.
// Channels in Compatibility that the merchant did not ask for are not
// listed.
//
// # Decisions where the spec is silent
//
//   - The deposit-refund threshold is compared against priced volume: volume
//     the plan's acquirer does not process cannot count towards its refund.
//   - deposit_refund_months = 0 means a non-refundable deposit; a zero
//     refund threshold means refunded in month 1 (if the horizon allows).
//     With no deposit, deposit_refund_month is null.
//   - Without model_id each plan is priced with its cheapest terminal for
//     the chosen acquisition (ties: lowest model id) and terminal_model_id
//     says which. When the requested model (or, without one, any model) has
//     no price in the plan, terminal_fen is 0 and terminal_price_missing is
//     true; the plan stays in the ranking so the merchant sees it, flagged.
//   - terminal_count is 1–100000: every comparison includes terminals.
//   - Ranking: comparable quotes (every channel and the terminal priced)
//     first, then total, then effective rate, then plan name by byte
//     order, then plan id, so the order is like for like, total and
//     deterministic. best_plan_id is the first comparable quote's plan.
//   - Requests need at least one channel, a positive ticket for every
//     bucket or average, and exactly one of the two forms per channel.
//   - plan_ids that are not among the plans handed to QuotePlans are
//     ignored; the caller, who loaded the plans, decides whether that is
//     a 404. A plan that fails validation or overflows fails the whole
//     comparison (*PlanError) instead of silently disappearing from it.
//   - Limits: rates and the D0 surcharge 0–100000 ppm (10 %), months
//     1–120, at most 100 buckets per channel, 100 rate rows per plan.
//
// # Entry points
//
// Plan.Validate and QuoteRequest.Validate return a *ValidationError (field
// path → code + English message) or nil. Quote prices one plan; QuotePlans
// prices and ranks many; Rank and CompareQuotes order existing quotes.
package fees
