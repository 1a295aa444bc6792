package catalog

import (
	"context"
	"errors"
	"fmt"

	"posportal/fees"
	"posportal/internal/apperr"
)

// Quote is one plan's line in a comparison: the §11 fee quote plus
// whether the plan is sample data, so every consumer can label it.
type Quote struct {
	fees.PlanQuote
	Sample bool `json:"sample"`
}

// Quote prices a merchant's volume against the stored plans (all of them,
// or req.PlanIDs) and ranks them (§4, §11). The model's hardware and each
// provider's accepted methods decide which channels a plan can take: those
// it cannot are listed in unsupported_channels, never priced.
//
// Errors: 422 field errors for an invalid request, an unknown model_id or
// an unknown plan id.
func (s *Service) Quote(ctx context.Context, req fees.QuoteRequest) ([]Quote, error) {
	if err := req.Validate(); err != nil {
		return nil, feeFields(err)
	}
	var list []Plan
	var err error
	if len(req.PlanIDs) > 0 {
		list, err = plans(ctx, s.db, ` WHERE p.id IN (`+placeholders(len(req.PlanIDs))+`)`, int64Args(req.PlanIDs))
		if err == nil {
			err = unknownPlans(list, req.PlanIDs)
		}
	} else {
		list, err = s.Plans(ctx)
	}
	if err != nil {
		return nil, err
	}
	provs, err := s.Providers(ctx)
	if err != nil {
		return nil, err
	}
	compat := fees.Compatibility{ByProvider: make(map[int64]fees.ChannelSet, len(provs))}
	for i := range provs {
		compat.ByProvider[provs[i].ID] = provs[i].Unsupported()
	}

	feePlans := make([]fees.Plan, len(list))
	for i := range list {
		feePlans[i] = list[i].Plan
	}
	if req.ModelID != nil {
		ms, err := modelsByID(ctx, s.db, []int64{*req.ModelID})
		if err != nil {
			return nil, err
		}
		m, ok := ms[*req.ModelID]
		if !ok {
			return nil, apperr.Fields(map[string]string{"model_id": "catalog.field.model_id.unknown"})
		}
		compat.Unsupported = m.Unsupported()
	} else if err := s.chooseTerminals(ctx, feePlans, &req, &compat); err != nil {
		return nil, err
	}

	quotes, err := fees.QuotePlans(feePlans, req, compat)
	if err != nil {
		if errors.Is(err, fees.ErrOverflow) {
			// Valid but absurd volumes (trillions a month): the merchant's
			// input, not the plan, is what cannot be priced.
			return nil, apperr.Fields(map[string]string{"profile.channels": "fees.field.channels.overflow"})
		}
		var pe *fees.PlanError
		if errors.As(err, &pe) {
			// Plans are validated when stored: this is corrupt data or an
			// overflow, not the merchant's mistake.
			return nil, fmt.Errorf("quote: %w", err)
		}
		return nil, feeFields(err)
	}
	sample := make(map[int64]bool, len(list))
	for _, p := range list {
		sample[p.ID] = p.Sample
	}
	out := make([]Quote, len(quotes))
	for i, q := range quotes {
		out[i] = Quote{PlanQuote: q, Sample: sample[q.PlanID]}
	}
	return out, nil
}

func unknownPlans(found []Plan, ids []int64) error {
	have := make(map[int64]bool, len(found))
	for _, p := range found {
		have[p.ID] = true
	}
	f := map[string]string{}
	for i, id := range ids {
		if !have[id] {
			f[fmt.Sprintf("plan_ids[%d]", i)] = "catalog.field.plan_ids.unknown"
		}
	}
	return fieldsErr(f)
}

// chooseTerminals picks, for a request without a model, the terminal each
// plan is priced with: the one taking most of the requested channels the
// plan's provider acquires, then the cheapest for the chosen acquisition,
// then the lowest id. Each plan keeps only that terminal's price, and what
// the terminal cannot take is excluded for that plan (compat.ByPlan).
func (s *Service) chooseTerminals(ctx context.Context, list []fees.Plan, req *fees.QuoteRequest, compat *fees.Compatibility) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range list {
		for _, tp := range p.TerminalPrices {
			if !seen[tp.ModelID] {
				seen[tp.ModelID] = true
				ids = append(ids, tp.ModelID)
			}
		}
	}
	models, err := modelsByID(ctx, s.db, ids)
	if err != nil {
		return err
	}
	compat.ByPlan = make(map[int64]fees.ChannelSet, len(list))
	for i := range list {
		p := &list[i]
		wanted := requested(req, compat.ByProvider[p.ProviderID])
		best, bestCover := -1, -1
		for j, tp := range p.TerminalPrices {
			m, ok := models[tp.ModelID]
			if !ok {
				continue
			}
			cover := 0
			for _, ch := range wanted {
				if m.Takes(ch) {
					cover++
				}
			}
			if best < 0 || cover > bestCover || (cover == bestCover && cheaper(tp, p.TerminalPrices[best], req.Acquisition)) {
				best, bestCover = j, cover
			}
		}
		if best < 0 {
			continue // no terminal offered: fees flags terminal_price_missing
		}
		chosen := p.TerminalPrices[best]
		m := models[chosen.ModelID]
		p.TerminalPrices = []fees.TerminalPrice{chosen}
		compat.ByPlan[p.ID] = m.Unsupported()
	}
	return nil
}

// requested lists the request's channels that a provider (excluding
// providerOut) acquires: only those can make one terminal better than
// another.
func requested(req *fees.QuoteRequest, providerOut fees.ChannelSet) []fees.Channel {
	var out []fees.Channel
	for _, cv := range req.Profile.Channels {
		if !providerOut.Has(cv.Channel) {
			out = append(out, cv.Channel)
		}
	}
	return out
}

func cheaper(a, b fees.TerminalPrice, acq fees.Acquisition) bool {
	ua, ub := a.PurchaseFen, b.PurchaseFen
	if acq == fees.Rental {
		ua, ub = a.MonthlyRentalFen, b.MonthlyRentalFen
	}
	return ua < ub || (ua == ub && a.ModelID < b.ModelID)
}
