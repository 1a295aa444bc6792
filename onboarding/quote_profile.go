package onboarding

import (
	"context"
	"fmt"

	"posportal/fees"
)

// ProfileFor turns the merchant's latest application into a fee-quote
// volume profile, so the fee calculator starts from what they told the
// bank: each channel's share of the monthly volume at the average ticket.
// ok is false while no application states a volume, a ticket and a mix.
func (s *Service) ProfileFor(ctx context.Context, merchantID int64) (fees.Profile, bool, error) {
	var a Application
	err := s.db.Get(ctx, &a, `SELECT `+applicationColumns+` FROM applications
		WHERE merchant_id = ? AND status <> ? AND expected_monthly_volume_fen > 0 AND average_ticket_fen > 0
		ORDER BY id DESC LIMIT 1`, merchantID, Withdrawn)
	if err != nil {
		if isNoRows(err) {
			return fees.Profile{}, false, nil
		}
		return fees.Profile{}, false, fmt.Errorf("profile: %w", err)
	}
	var p fees.Profile
	mix := a.ChannelMix()
	for _, ch := range Channels {
		pct := int64(mix[ch])
		if pct <= 0 {
			continue
		}
		// Transactions a month = volume × share ÷ ticket, rounded half up,
		// in integers: (volume·pct + 50·ticket) ÷ (100·ticket).
		count := (a.ExpectedMonthlyVolumeFen*pct + 50*a.AverageTicketFen) / (100 * a.AverageTicketFen)
		if count > 0 {
			p.Channels = append(p.Channels, fees.ChannelVolume{Channel: fees.Channel(ch), MonthlyCount: count, AverageTicketFen: a.AverageTicketFen})
		}
	}
	return p, len(p.Channels) > 0, nil
}
