package catalog

import (
	"context"
	"errors"
	"fmt"
	"math/bits"

	"posportal/fees"
	"posportal/internal/apperr"
)

// Quote is one plan's line in a comparison: the §11 fee quote plus
// whether the plan is sample data, so every consumer can label it.
type Quote struct {
	fees.PlanQuote
	Sample bool `json:"sample"`
}

// FeeComparison is the §11 fee quote response: the ranked quotes, the best
// plan and the entered volume (fees.Summary).
type FeeComparison struct {
	Quotes []Quote `json:"quotes"`
	fees.Summary
}

// CompareFees prices a merchant's volume against the stored plans (all of
// them, or req.PlanIDs), ranks them like for like and names the best plan
// (§4, §11, §16). The model's hardware and each provider's accepted
// methods decide which channels a plan can take: those it cannot are
// listed in unsupported_channels, never priced.
//
// Errors: 422 field errors for an invalid request, an unknown model_id, an
// unknown plan id or a volume too large to price.
func (s *Service) CompareFees(ctx context.Context, req fees.QuoteRequest) (FeeComparison, error) {
	if err := req.Validate(); err != nil {
		return FeeComparison{}, feeFields(err)
	}
	snap, err := s.snaps.get(ctx, s.db)
	if err != nil {
		return FeeComparison{}, err
	}
	return snap.compare(req)
}

// Quote is CompareFees' quotes alone.
func (s *Service) Quote(ctx context.Context, req fees.QuoteRequest) ([]Quote, error) {
	c, err := s.CompareFees(ctx, req)
	return c.Quotes, err
}

// volumeOverflow is the error for valid but absurd volumes (trillions a
// month): the merchant's input, not a plan, is what cannot be priced.
func volumeOverflow() error {
	return apperr.Fields(map[string]string{"profile.channels": "fees.field.channels.overflow"})
}

// compare is Service.CompareFees on a snapshot: no database access.
func (snap *snapshot) compare(req fees.QuoteRequest) (FeeComparison, error) {
	feePlans, priceOut := snap.fee, snap.priceOut
	if len(req.PlanIDs) > 0 {
		if err := snap.unknownPlans(req.PlanIDs); err != nil {
			return FeeComparison{}, err
		}
		// In catalog order, as the plans were listed before the snapshot.
		feePlans = make([]fees.Plan, 0, len(req.PlanIDs))
		priceOut = make([][]fees.ChannelSet, 0, len(req.PlanIDs))
		wanted := make(map[int64]bool, len(req.PlanIDs))
		for _, id := range req.PlanIDs {
			wanted[id] = true
		}
		for i := range snap.fee {
			if wanted[snap.fee[i].ID] {
				feePlans, priceOut = append(feePlans, snap.fee[i]), append(priceOut, snap.priceOut[i])
			}
		}
	}
	compat := fees.Compatibility{ByProvider: snap.providerOut}
	if req.ModelID != nil {
		out, ok := snap.modelOut[*req.ModelID]
		if !ok {
			return FeeComparison{}, apperr.Fields(map[string]string{"model_id": "catalog.field.model_id.unknown"})
		}
		compat.Unsupported = out
	} else {
		feePlans = chooseTerminals(feePlans, priceOut, &req, &compat)
	}

	quotes, err := fees.QuotePlans(feePlans, req, compat)
	if err != nil {
		if errors.Is(err, fees.ErrOverflow) {
			return FeeComparison{}, volumeOverflow()
		}
		var pe *fees.PlanError
		if errors.As(err, &pe) {
			// Plans are validated when stored: this is corrupt data or an
			// overflow, not the merchant's mistake.
			return FeeComparison{}, fmt.Errorf("quote: %w", err)
		}
		return FeeComparison{}, feeFields(err)
	}
	sum, err := fees.Summarize(quotes, req)
	if err != nil {
		return FeeComparison{}, volumeOverflow()
	}
	out := make([]Quote, len(quotes))
	for i, q := range quotes {
		out[i] = Quote{PlanQuote: q, Sample: snap.plans[snap.at[q.PlanID]].Sample}
	}
	return FeeComparison{Quotes: out, Summary: sum}, nil
}

func (snap *snapshot) unknownPlans(ids []int64) error {
	f := map[string]string{}
	for i, id := range ids {
		if _, ok := snap.at[id]; !ok {
			f[fmt.Sprintf("plan_ids[%d]", i)] = "catalog.field.plan_ids.unknown"
		}
	}
	return fieldsErr(f)
}

// chooseTerminals picks, for a request without a model, the terminal each
// plan is priced with: the one taking most of the requested channels the
// plan's provider acquires, then the cheapest for the chosen acquisition,
// then the lowest id. It returns a copy of list in which each plan keeps
// only that terminal's price (list itself is the snapshot's and is not
// changed), and what the terminal cannot take is excluded for that plan
// (compat.ByPlan). priceOut[i][j] is what the model of list[i]'s j-th
// price cannot take (snapshot.priceOut); prices of models the catalog does
// not have are skipped.
func chooseTerminals(list []fees.Plan, priceOut [][]fees.ChannelSet, req *fees.QuoteRequest, compat *fees.Compatibility) []fees.Plan {
	var asked fees.ChannelSet
	for _, cv := range req.Profile.Channels {
		asked = asked.With(cv.Channel)
	}
	out := make([]fees.Plan, len(list))
	copy(out, list)
	compat.ByPlan = make(map[int64]fees.ChannelSet, len(list))
	for i := range out {
		p := &out[i]
		// Only channels the provider acquires can make one terminal
		// better than another.
		wanted := asked &^ compat.ByProvider[p.ProviderID]
		best, bestCover := -1, -1
		for j, tp := range p.TerminalPrices {
			mOut := priceOut[i][j]
			if mOut == noModel {
				continue
			}
			cover := bits.OnesCount8(uint8(wanted &^ mOut))
			if best < 0 || cover > bestCover || (cover == bestCover && cheaper(tp, p.TerminalPrices[best], req.Acquisition)) {
				best, bestCover = j, cover
			}
		}
		if best < 0 {
			continue // no terminal offered: fees flags terminal_price_missing
		}
		// A capped sub-slice of the snapshot's prices: no copy, and an
		// append by anyone cannot reach the snapshot's next price.
		p.TerminalPrices = p.TerminalPrices[best : best+1 : best+1]
		compat.ByPlan[p.ID] = priceOut[i][best]
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
