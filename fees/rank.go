package fees

import (
	"cmp"
	"slices"
	"strings"
)

// QuoteResponse is the §11 fee quote response body.
type QuoteResponse struct {
	Quotes []PlanQuote `json:"quotes"`
	Summary
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
	a := newArena(len(plans), &req)
	reqIx := requestChannels(&req)
	var ix rowChannels
	for i := range plans {
		p := &plans[i]
		if wanted != nil && !wanted[p.ID] {
			continue
		}
		if err := p.validate(&ix); err != nil {
			return nil, &PlanError{PlanID: p.ID, Err: err}
		}
		out = out[:len(out)+1]
		if err := quote(&out[len(out)-1], p, &ix, &req, reqIx, compat.For(p), a); err != nil {
			return nil, &PlanError{PlanID: p.ID, Err: err}
		}
	}
	rankCompact(out)
	return out, nil
}

// rankKey is what CompareQuotes looks at, a quarter of a PlanQuote's size.
type rankKey struct {
	partial         bool // !Comparable, so that comparable sorts first
	total, rate, id int64
	name            string
	at              int
}

// rankCompact sorts quotes into Rank's order. It sorts small keys and then
// moves each quote once, following the permutation's cycles, instead of
// swapping whole quotes for every comparison the sort makes.
func rankCompact(quotes []PlanQuote) {
	keys := make([]rankKey, len(quotes))
	for i := range quotes {
		q := &quotes[i]
		keys[i] = rankKey{partial: !q.Comparable, total: q.TotalFen, rate: int64(q.EffectiveRateBP), id: q.PlanID, name: q.PlanName, at: i}
	}
	slices.SortFunc(keys, compareKeys)
	// keys[i].at is where the quote for position i is now; done marks a
	// position filled by setting its key's at to -1.
	for i := range keys {
		if keys[i].at < 0 || keys[i].at == i {
			continue
		}
		tmp := quotes[i]
		j := i
		for {
			from := keys[j].at
			keys[j].at = -1
			if from == i {
				quotes[j] = tmp
				break
			}
			quotes[j] = quotes[from]
			j = from
		}
	}
}

// compareKeys is CompareQuotes on keys, returning at the first difference
// (cmp.Or would compare the names every time).
func compareKeys(a, b rankKey) int {
	if a.partial != b.partial {
		return compareBool(a.partial, b.partial)
	}
	if c := cmp.Compare(a.total, b.total); c != 0 {
		return c
	}
	if c := cmp.Compare(a.rate, b.rate); c != 0 {
		return c
	}
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// Rank sorts quotes like for like, cheapest first: comparable quotes
// before the others (a plan that leaves out a channel or the terminal
// looks cheaper than it is), then by total, then effective rate, then plan
// name (byte order, i.e. Unicode code points — not pinyin), then plan id so
// that the order is total and repeatable even for equal names.
func Rank(quotes []PlanQuote) {
	slices.SortFunc(quotes, CompareQuotes)
}

// CompareQuotes is the ranking order of Rank, as a cmp-style function.
func CompareQuotes(a, b PlanQuote) int {
	return cmp.Or(
		compareBool(!a.Comparable, !b.Comparable),
		cmp.Compare(a.TotalFen, b.TotalFen),
		cmp.Compare(a.EffectiveRateBP, b.EffectiveRateBP),
		strings.Compare(a.PlanName, b.PlanName),
		cmp.Compare(a.PlanID, b.PlanID),
	)
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// BestPlanID is the plan of the first comparable quote of ranked (in Rank
// order): the cheapest plan that prices every requested channel and the
// terminal. Nil when no quote is comparable, because a total that leaves
// something out is no basis for a recommendation.
func BestPlanID(ranked []PlanQuote) *int64 {
	for i := range ranked {
		if ranked[i].Comparable {
			id := ranked[i].PlanID
			return &id
		}
	}
	return nil
}
