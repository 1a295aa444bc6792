package catalog

import (
	"context"
	"fmt"
	"sync"

	"posportal/fees"
	"posportal/internal/db"
)

// snapshot is the catalog as a quote needs it: every plan with its rates
// and prices, what each provider and each model cannot take. It is built
// from the database in one go and never changed afterwards, so requests
// share it without locks; a catalog change builds a new one.
type snapshot struct {
	version int64 // cache_versions 'catalog' it was read at

	plans []Plan        // in Plans order
	fee   []fees.Plan   // plans[i].Plan, ready for fees.QuotePlans
	at    map[int64]int // plan id → index
	// providerOut and modelOut are Provider.Unsupported and
	// Model.Unsupported by id.
	providerOut map[int64]fees.ChannelSet
	modelOut    map[int64]fees.ChannelSet
	// priceOut[i][j] is modelOut of fee[i].TerminalPrices[j]'s model, or
	// noModel when the catalog has no such model.
	priceOut [][]fees.ChannelSet
}

// noModel marks a price whose model is not in the catalog: ChannelSet
// uses only the low seven bits.
const noModel fees.ChannelSet = 0x80

// snapshots hands out the current snapshot. One primary-key read of the
// catalog's version per call keeps every instance current: each change
// bumps the version in its own transaction (Service.change), so the next
// call on any instance sees it and rebuilds.
type snapshots struct {
	mu      sync.Mutex // guards cur
	cur     *snapshot
	buildMu sync.Mutex // one rebuild at a time: a change makes every waiting request reuse it
}

func (c *snapshots) get(ctx context.Context, q db.Querier) (*snapshot, error) {
	v, err := catalogVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	if s := c.current(); s != nil && s.version == v {
		return s, nil
	}
	c.buildMu.Lock()
	defer c.buildMu.Unlock()
	if s := c.current(); s != nil && s.version >= v {
		return s, nil // built by the request we waited for
	}
	// The version is read before the rows, so the rows are at least as
	// new as the version they are kept under; a change committed while
	// they are read has a newer version, which the next call sees.
	s, err := loadSnapshot(ctx, q, v)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.cur == nil || s.version > c.cur.version {
		c.cur = s
	}
	c.mu.Unlock()
	return s, nil
}

func (c *snapshots) current() *snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

func loadSnapshot(ctx context.Context, q db.Querier, version int64) (*snapshot, error) {
	list, err := plans(ctx, q, "", nil)
	if err != nil {
		return nil, err
	}
	provs, err := providers(ctx, q, "", nil)
	if err != nil {
		return nil, err
	}
	var models []Model
	if err := q.Select(ctx, &models, `SELECT `+modelColumns); err != nil {
		return nil, fmt.Errorf("snapshot models: %w", err)
	}
	s := &snapshot{
		version: version, plans: list,
		fee: make([]fees.Plan, len(list)), at: make(map[int64]int, len(list)),
		providerOut: make(map[int64]fees.ChannelSet, len(provs)),
		modelOut:    make(map[int64]fees.ChannelSet, len(models)),
	}
	for i := range list {
		s.fee[i] = list[i].Plan
		s.at[list[i].ID] = i
	}
	for i := range provs {
		s.providerOut[provs[i].ID] = provs[i].Unsupported()
	}
	for _, m := range models {
		s.modelOut[m.ID] = m.Unsupported()
	}
	s.priceOut = make([][]fees.ChannelSet, len(list))
	for i := range s.fee {
		tps := s.fee[i].TerminalPrices
		s.priceOut[i] = make([]fees.ChannelSet, len(tps))
		for j, tp := range tps {
			out, ok := s.modelOut[tp.ModelID]
			if !ok {
				out = noModel
			}
			s.priceOut[i][j] = out
		}
	}
	return s, nil
}

// catalogVersion is the catalog's row in cache_versions.
func catalogVersion(ctx context.Context, q db.Querier) (int64, error) {
	var v int64
	if err := q.Get(ctx, &v, `SELECT version FROM cache_versions WHERE name = 'catalog'`); err != nil {
		return 0, fmt.Errorf("catalog version: %w", err)
	}
	return v, nil
}

// bumpCatalogVersion makes every instance's snapshot stale once tx commits.
func bumpCatalogVersion(ctx context.Context, tx *db.Tx) error {
	if _, err := tx.Exec(ctx, `UPDATE cache_versions SET version = version + 1 WHERE name = 'catalog'`); err != nil {
		return fmt.Errorf("catalog version: %w", err)
	}
	return nil
}
