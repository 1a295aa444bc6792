package demo_test

import (
	"context"
	"maps"
	"sync"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
)

// TestSeedTwoInstancesAtOnce: two portals started together with --demo on
// one empty database both seed without error and the data exists once.
func TestSeedTwoInstancesAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i := range 2 {
			s := services(t, d)
			s.DB = d
			wg.Go(func() {
				<-start
				_, errs[i] = demo.Seed(ctx, s)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
		}
		// The same data as one portal seeding alone.
		alone := dbtest.SQLite(t)
		if _, err := demo.Seed(ctx, services(t, alone)); err != nil {
			t.Fatal(err)
		}
		if got, want := counts(t, d), counts(t, alone); !maps.Equal(got, want) {
			t.Fatalf("two instances seeded %v; one alone seeds %v", got, want)
		}
	})
}
