package onboarding

import (
	"context"
	"time"

	"posportal/internal/db"
	"posportal/internal/i18n"
	"posportal/webhooks"
)

// webhookOf names the §14 event a transition emits; transitions not
// listed (claim, release, a first of two approvals, …) emit none.
var webhookOf = map[Event]webhooks.Type{
	EvSubmit:      webhooks.ApplicationSubmitted,
	EvRequestInfo: webhooks.ApplicationInfoRequested,
	EvApprove:     webhooks.ApplicationApproved,
	EvReject:      webhooks.ApplicationRejected,
}

// emitTransition writes the transition's webhook events in its
// transaction: the application as the API shows it after the change, with
// its review clock and any open request (texts in Chinese, the bank's
// language: an event has no reader whose language it could follow).
// Reaching active is also the merchant's activation, whichever event got
// it there.
func (s *Service) emitTransition(ctx context.Context, tx *db.Tx, now time.Time, ev Event, a Application) error {
	typ, ok := webhookOf[ev]
	if !ok && a.Status != Active {
		return nil
	}
	k, err := s.SLA(ctx, s.calendar)
	if err != nil {
		return err
	}
	k.now = now
	v, err := s.viewOf(ctx, tx, a, k, i18n.ZH)
	if err != nil {
		return err
	}
	if ok {
		if err := webhooks.Emit(ctx, tx, now, typ, v); err != nil {
			return err
		}
	}
	if a.Status == Active {
		return webhooks.Emit(ctx, tx, now, webhooks.MerchantActivated, v)
	}
	return nil
}

// emitContractSigned writes contract.signed in the signing transaction,
// with the contract as the API shows it once signed.
func emitContractSigned(ctx context.Context, tx *db.Tx, now time.Time, appID int64) error {
	ct, err := contractOf(ctx, tx, appID)
	if err != nil {
		return err
	}
	return webhooks.Emit(ctx, tx, now, webhooks.ContractSigned, ContractViewOf(ct))
}
