package onboarding

import (
	"context"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// SignedContractInTx returns application appID's signed contract read
// inside q, without ownership checks: for services that have already
// established the actor's right to the application (its installer
// completing the installation). An unsigned or missing contract is a 409.
func SignedContractInTx(ctx context.Context, q db.Querier, appID int64) (Contract, error) {
	c, err := contractOf(ctx, q, appID)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && c.SignedAt == nil) {
		return Contract{}, &apperr.Error{Code: apperr.Conflict, Key: "contract.not_signed"}
	}
	return c, err
}
