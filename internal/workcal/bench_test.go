package workcal

import (
	"context"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// BenchmarkCalendar is what a request pays for a current calendar: the
// version read that keeps instances in step, plus the cached copy.
func BenchmarkCalendar(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *db.DB{"sqlite": dbtest.SQLite, "postgres": dbtest.Postgres} {
		b.Run(name, func(b *testing.B) {
			s := NewService(open(b), nil)
			ctx := context.Background()
			if _, err := s.EnsureDefaults(ctx); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Calendar(ctx); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Calendar(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
