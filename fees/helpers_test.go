package fees

import (
	"errors"
	"testing"
)

// planWith returns a minimal valid plan pricing only the given rows, with
// no fees, no deposit and one free terminal model (id 1), so each test adds
// just the part it is about.
func planWith(rows ...RateRow) Plan {
	return Plan{
		ID: 1, ProviderID: 10, Provider: "示例银行", Name: "Test plan",
		Rates:          rows,
		TerminalPrices: []TerminalPrice{{ModelID: 1}},
	}
}

// flat is a rate row covering every ticket of a channel.
func flat(ch Channel, ppm int64) RateRow { return RateRow{Channel: ch, RatePPM: ppm} }

// avg is a profile channel in count × average-ticket form.
func avg(ch Channel, count, ticket int64) ChannelVolume {
	return ChannelVolume{Channel: ch, MonthlyCount: count, AverageTicketFen: ticket}
}

// buckets is a profile channel in bucket form; pairs are ticket, count.
func buckets(ch Channel, pairs ...int64) ChannelVolume {
	cv := ChannelVolume{Channel: ch}
	for i := 0; i+1 < len(pairs); i += 2 {
		cv.Buckets = append(cv.Buckets, Bucket{TicketFen: pairs[i], MonthlyCount: pairs[i+1]})
	}
	return cv
}

// request is a valid one-month, one-terminal, purchase, T1 request.
func request(chs ...ChannelVolume) QuoteRequest {
	return QuoteRequest{
		Profile: Profile{Channels: chs}, Months: 1, TerminalCount: 1,
		Acquisition: Purchase, Settlement: SettlementT1,
	}
}

func mustQuote(t testing.TB, p Plan, req QuoteRequest, unsupported ChannelSet) PlanQuote {
	t.Helper()
	q, err := Quote(p, req, unsupported)
	if err != nil {
		t.Fatalf("Quote: %v", err)
	}
	return q
}

// fieldErrors extracts the field → code map of a validation error.
func fieldErrors(t testing.TB, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T: %v", err, err)
	}
	out := make(map[string]string, len(ve.Fields))
	for path, fe := range ve.Fields {
		out[path] = fe.Code
	}
	return out
}
