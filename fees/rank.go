package fees

import (
	"cmp"
	"slices"
	"strings"
)

// QuoteResponse is the §11 fee quote response body.
type QuoteResponse struct {
	Quotes []PlanQuote `json:"quotes"`
}

// Compatibility carries what the catalog knows and a fee plan does not:
// channels that cannot be taken for this request whatever the plan says.
// The zero value excludes nothing.
type Compatibility struct {
	// Unsupported applies to every plan, e.g. contactless when the chosen
	// terminal model has no NFC reader.
	Unsupported ChannelSet
	// ByProvider applies per plan provider, e.g. a bank that does not
	// acquire WeChat Pay.
	ByProvider map[int64]ChannelSet
	// ByPlan applies per plan id, e.g. what the terminal the caller chose
	// for that plan cannot take when the request names no model.
	ByPlan map[int64]ChannelSet
}

// For returns the channels excluded for plan p.
func (c Compatibility) For(p *Plan) ChannelSet {
	return c.Unsupported.Union(c.ByProvider[p.ProviderID]).Union(c.ByPlan[p.ID])
}

// QuotePlans validates req, quotes every plan in plans (only those listed
// in req.PlanIDs when it is non-empty) and returns them ranked. Plan IDs in
// req.PlanIDs that are not in plans are ignored: the caller loaded the
// plans and is the one to decide whether a missing ID is a 404.
//
// Errors: a *ValidationError for the request; a *PlanError for the first
// plan that is invalid or overflows. One broken plan fails the comparison
// rather than vanishing from it, because a comparison silently missing a
// plan misleads the merchant.
func QuotePlans(plans []Plan, req QuoteRequest, compat Compatibility) ([]PlanQuote, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var wanted map[int64]bool
	if len(req.PlanIDs) > 0 {
		wanted = make(map[int64]bool, len(req.PlanIDs))
		for _, id := range req.PlanIDs {
			wanted[id] = true
		}
	}
	out := make([]PlanQuote, 0, len(plans))
	for i := range plans {
		p := &plans[i]
		if wanted != nil && !wanted[p.ID] {
			continue
		}
		if err := p.Validate(); err != nil {
			return nil, &PlanError{PlanID: p.ID, Err: err}
		}
		q, err := quote(p, &req, compat.For(p))
		if err != nil {
			return nil, &PlanError{PlanID: p.ID, Err: err}
		}
		out = append(out, q)
	}
	Rank(out)
	return out, nil
}

// Rank sorts quotes cheapest first: by total, then effective rate, then
// plan name (byte order, i.e. Unicode code points — not pinyin), then plan
// id so that the order is total and repeatable even for equal names.
func Rank(quotes []PlanQuote) {
	slices.SortFunc(quotes, CompareQuotes)
}

// CompareQuotes is the ranking order of Rank, as a cmp-style function.
func CompareQuotes(a, b PlanQuote) int {
	return cmp.Or(
		cmp.Compare(a.TotalFen, b.TotalFen),
		cmp.Compare(a.EffectiveRateBP, b.EffectiveRateBP),
		strings.Compare(a.PlanName, b.PlanName),
		cmp.Compare(a.PlanID, b.PlanID),
	)
}
