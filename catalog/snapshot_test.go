package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestSnapshotQuotesEqualDatabaseQuotes: for random profiles, the quote
// from the in-memory snapshot is byte for byte the quote computed from the
// database rows as the portal did before the snapshot (quoteFromDatabase).
func TestSnapshotQuotesEqualDatabaseQuotes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := benchCatalog(t, d, 40)
		ps, err := svc.Plans(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 16))
		for round := range 150 {
			req := randomQuoteRequest(rng, ps)
			got, gotErr := svc.Quote(ctx, req)
			want, wantErr := quoteFromDatabase(svc, req)
			if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && !reflect.DeepEqual(apperr.As(gotErr), apperr.As(wantErr))) {
				t.Fatalf("round %d: error %v, database path %v", round, gotErr, wantErr)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Fatalf("round %d: snapshot quote differs from the database path\nreq  %+v\ngot  %.400s\nwant %.400s", round, req, g, w)
			}
		}
	})
}

func randomQuoteRequest(rng *rand.Rand, ps []Plan) fees.QuoteRequest {
	chs := fees.Channels()
	rng.Shuffle(len(chs), func(i, j int) { chs[i], chs[j] = chs[j], chs[i] })
	req := fees.QuoteRequest{Months: 1 + rng.IntN(36), TerminalCount: 1 + rng.Int64N(4),
		Acquisition: []fees.Acquisition{fees.Purchase, fees.Rental}[rng.IntN(2)],
		Settlement:  []fees.Settlement{fees.SettlementT1, fees.SettlementD0}[rng.IntN(2)]}
	for _, ch := range chs[:1+rng.IntN(len(chs))] {
		cv := fees.ChannelVolume{Channel: ch}
		if rng.IntN(2) == 0 {
			cv.MonthlyCount, cv.AverageTicketFen = rng.Int64N(3000), 1+rng.Int64N(300_000)
		} else {
			for range 1 + rng.IntN(3) {
				cv.Buckets = append(cv.Buckets, fees.Bucket{TicketFen: 1 + rng.Int64N(300_000), MonthlyCount: rng.Int64N(2000)})
			}
		}
		req.Profile.Channels = append(req.Profile.Channels, cv)
	}
	switch rng.IntN(6) {
	case 0, 1: // a model: one of the catalog's, or one it does not have
		id := ps[0].TerminalPrices[rng.IntN(len(ps[0].TerminalPrices))].ModelID
		if rng.IntN(5) == 0 {
			id = 999_999
		}
		req.ModelID = &id
	case 2: // some plans, now and then one that does not exist
		for _, i := range rng.Perm(len(ps))[:1+rng.IntN(5)] {
			req.PlanIDs = append(req.PlanIDs, ps[i].ID)
		}
		if rng.IntN(4) == 0 {
			req.PlanIDs = append(req.PlanIDs, 999_999)
		}
	}
	return req
}

// quoteFromDatabase is Service.Quote as it was before the snapshot: every
// row read from the database for the one request.
func quoteFromDatabase(s *Service, req fees.QuoteRequest) ([]Quote, error) {
	if err := req.Validate(); err != nil {
		return nil, feeFields(err)
	}
	var list []Plan
	var err error
	if len(req.PlanIDs) > 0 {
		list, err = plans(ctx, s.db, ` WHERE p.id IN (`+placeholders(len(req.PlanIDs))+`)`, int64Args(req.PlanIDs))
		if err == nil {
			have := map[int64]bool{}
			for _, p := range list {
				have[p.ID] = true
			}
			f := map[string]string{}
			for i, id := range req.PlanIDs {
				if !have[id] {
					f[fmt.Sprintf("plan_ids[%d]", i)] = "catalog.field.plan_ids.unknown"
				}
			}
			err = fieldsErr(f)
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
	compat := fees.Compatibility{ByProvider: map[int64]fees.ChannelSet{}}
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
	} else {
		var ids []int64
		for _, p := range feePlans {
			for _, tp := range p.TerminalPrices {
				if !slices.Contains(ids, tp.ModelID) {
					ids = append(ids, tp.ModelID)
				}
			}
		}
		models, err := modelsByID(ctx, s.db, ids)
		if err != nil {
			return nil, err
		}
		compat.ByPlan = map[int64]fees.ChannelSet{}
		for i := range feePlans {
			p := &feePlans[i]
			var wanted []fees.Channel
			for _, cv := range req.Profile.Channels {
				if !compat.ByProvider[p.ProviderID].Has(cv.Channel) {
					wanted = append(wanted, cv.Channel)
				}
			}
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
				continue
			}
			chosen := p.TerminalPrices[best]
			p.TerminalPrices = []fees.TerminalPrice{chosen}
			compat.ByPlan[p.ID] = models[chosen.ModelID].Unsupported()
		}
	}
	quotes, err := fees.QuotePlans(feePlans, req, compat)
	if err != nil {
		if errors.Is(err, fees.ErrOverflow) {
			return nil, apperr.Fields(map[string]string{"profile.channels": "fees.field.channels.overflow"})
		}
		return nil, feeFields(err)
	}
	sample := map[int64]bool{}
	for _, p := range list {
		sample[p.ID] = p.Sample
	}
	out := make([]Quote, len(quotes))
	for i, q := range quotes {
		out[i] = Quote{PlanQuote: q, Sample: sample[q.PlanID]}
	}
	return out, nil
}

// twoPortals opens one database twice, as two portal instances would:
// separate connection pools, separate Services, nothing shared in memory.
func twoPortals(t *testing.T, dialect string) (a, b *Service, admin *auth.User) {
	t.Helper()
	url := "sqlite:" + filepath.Join(t.TempDir(), "portal.db")
	if dialect == "postgres" {
		url = dbtest.PostgresURL(t)
	}
	var dbs [2]*db.DB
	for i := range dbs {
		d, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		dbs[i] = d
	}
	if err := dbs[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return fixedNow }
	f := newFixture(t, dbs[0])
	return NewService(dbs[0], now), NewService(dbs[1], now), f.admin
}

// TestQuoteSeesChangesFromOtherInstance: a plan published, repriced or
// deleted and a provider changed through one portal are quoted by the
// other on its very next request.
func TestQuoteSeesChangesFromOtherInstance(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, b, admin := twoPortals(t, dialect)
			br, err := a.CreateBrand(ctx, admin, Brand{Name: "Two", SupportHours: Support24x7, SupportRating: 3}, noReq)
			if err != nil {
				t.Fatal(err)
			}
			m, err := a.CreateModel(ctx, admin, countertop(br, "T1", 80_000), noReq)
			if err != nil {
				t.Fatal(err)
			}
			prov, err := a.CreateProvider(ctx, admin, Provider{Name: "Bank", Kind: Bank, Methods: []Method{UnionPayCard, WeChatPay}}, noReq)
			if err != nil {
				t.Fatal(err)
			}
			plan := func(name string, ppm int64) fees.Plan {
				return fees.Plan{ProviderID: prov.ID, Name: name,
					Rates:          []fees.RateRow{{Channel: fees.DebitCard, RatePPM: ppm}, {Channel: fees.WeChatPay, RatePPM: ppm}},
					TerminalPrices: []fees.TerminalPrice{{ModelID: m.ID, PurchaseFen: 80_000}}}
			}
			first, err := a.CreatePlan(ctx, admin, Plan{Plan: plan("First", 5000)}, noReq)
			if err != nil {
				t.Fatal(err)
			}
			req := fees.QuoteRequest{Profile: fees.Profile{Channels: []fees.ChannelVolume{
				{Channel: fees.DebitCard, MonthlyCount: 100, AverageTicketFen: 10_000},
				{Channel: fees.WeChatPay, MonthlyCount: 100, AverageTicketFen: 10_000},
			}}, Months: 12, TerminalCount: 1, Acquisition: fees.Purchase, Settlement: fees.SettlementT1}
			quote := func() []Quote {
				t.Helper()
				qs, err := b.Quote(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				return qs
			}
			if qs := quote(); len(qs) != 1 || qs[0].PlanName != "First" {
				t.Fatalf("before: %+v", qs)
			}

			second, err := a.CreatePlan(ctx, admin, Plan{Plan: plan("Second", 3000)}, noReq)
			if err != nil {
				t.Fatal(err)
			}
			qs := quote()
			if len(qs) != 2 || qs[0].PlanName != "Second" {
				t.Fatalf("plan published on the other portal not quoted: %+v", qs)
			}
			cheap := qs[0].ProcessingFen

			second.Rates[0].RatePPM, second.Rates[1].RatePPM = 9000, 9000
			if _, err := a.UpdatePlan(ctx, admin, second, noReq); err != nil {
				t.Fatal(err)
			}
			qs = quote()
			if qs[1].PlanName != "Second" || qs[1].ProcessingFen <= cheap {
				t.Fatalf("repricing on the other portal not quoted: %+v", qs)
			}

			prov.Methods = []Method{UnionPayCard}
			if _, err := a.UpdateProvider(ctx, admin, prov, noReq); err != nil {
				t.Fatal(err)
			}
			if qs = quote(); !slices.Equal(qs[0].UnsupportedChannels, []fees.Channel{fees.WeChatPay}) {
				t.Fatalf("provider change on the other portal not applied: %+v", qs[0].UnsupportedChannels)
			}

			if err := a.DeletePlan(ctx, admin, first.ID, noReq); err != nil {
				t.Fatal(err)
			}
			if qs = quote(); len(qs) != 1 || qs[0].PlanID != second.ID {
				t.Fatalf("plan deleted on the other portal still quoted: %+v", qs)
			}
		})
	}
}

// TestConcurrentQuotesDuringChanges: requests quoting on one portal while
// another publishes plans share snapshots safely (run with -race), and
// once the changes are committed the next quote has every plan.
func TestConcurrentQuotesDuringChanges(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, b, admin := twoPortals(t, dialect)
			prov, err := a.CreateProvider(ctx, admin, Provider{Name: "Bank", Kind: Bank, Methods: []Method{UnionPayCard}}, noReq)
			if err != nil {
				t.Fatal(err)
			}
			req := fees.QuoteRequest{Profile: fees.Profile{Channels: []fees.ChannelVolume{
				{Channel: fees.DebitCard, MonthlyCount: 100, AverageTicketFen: 10_000}}},
				Months: 12, TerminalCount: 1, Acquisition: fees.Purchase, Settlement: fees.SettlementT1}
			done := make(chan struct{})
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					for {
						select {
						case <-done:
							errs <- nil
							return
						default:
						}
						if _, err := b.Quote(ctx, req); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			const n = 12
			for i := range n {
				p := fees.Plan{ProviderID: prov.ID, Name: fmt.Sprintf("P%02d", i), Rates: []fees.RateRow{{Channel: fees.DebitCard, RatePPM: int64(3000 + i)}}}
				if _, err := a.CreatePlan(ctx, admin, Plan{Plan: p}, noReq); err != nil {
					t.Fatal(err)
				}
			}
			close(done)
			for range 4 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			qs, err := b.Quote(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(qs) != n {
				t.Fatalf("%d plans quoted after the changes, want %d", len(qs), n)
			}
		})
	}
}
