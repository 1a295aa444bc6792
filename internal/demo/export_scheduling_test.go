package demo

import "context"

// SeedSchedulingForTest runs the accounts and scheduling steps alone, so
// the test does not depend on the other features' seed steps.
func SeedSchedulingForTest(ctx context.Context, s Services) error {
	if _, err := seedAccounts(ctx, s.Auth); err != nil {
		return err
	}
	return SeedScheduling(ctx, s)
}
