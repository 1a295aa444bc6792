package catalog

import (
	"context"

	"posportal/fees"
)

// Takes reports whether the model's hardware can take channel ch with a
// provider that acquires everything (see the package comment's table).
func (m Model) Takes(ch fees.Channel) bool {
	switch ch {
	case fees.DebitCard, fees.CreditCard:
		return m.CardReader()
	case fees.Contactless:
		return m.NFCContactless
	case fees.ForeignCard:
		return m.CardReader() || m.NFCContactless
	case fees.WeChatPay, fees.Alipay, fees.UnionPayQR:
		return m.TakesQR()
	}
	return false
}

// Takes reports whether the provider acquires the payment method behind
// channel ch.
func (p *Provider) Takes(ch fees.Channel) bool {
	switch ch {
	case fees.DebitCard, fees.CreditCard, fees.Contactless:
		return p.Accepts(UnionPayCard)
	case fees.ForeignCard:
		return p.Accepts(IntlCard)
	case fees.WeChatPay:
		return p.Accepts(WeChatPay)
	case fees.Alipay:
		return p.Accepts(Alipay)
	case fees.UnionPayQR:
		return p.Accepts(UnionPayQR)
	}
	return false
}

// Unsupported is the set of channels the model's hardware cannot take.
func (m Model) Unsupported() fees.ChannelSet { return unsupported(m.Takes) }

// Unsupported is the set of channels the provider does not acquire.
func (p *Provider) Unsupported() fees.ChannelSet { return unsupported(p.Takes) }

// Channels lists the channels the model's hardware can take.
func (m Model) Channels() []fees.Channel { return supported(m.Takes) }

func unsupported(takes func(fees.Channel) bool) fees.ChannelSet {
	var s fees.ChannelSet
	for _, ch := range fees.Channels() {
		if !takes(ch) {
			s = s.With(ch)
		}
	}
	return s
}

func supported(takes func(fees.Channel) bool) []fees.Channel {
	out := []fees.Channel{}
	for _, ch := range fees.Channels() {
		if takes(ch) {
			out = append(out, ch)
		}
	}
	return out
}

// Cell is one channel of one model × provider combination in the
// compatibility matrix.
type Cell struct {
	Channel fees.Channel `json:"channel"`
	OK      bool         `json:"ok"`
	// Reason says why not: "model", "provider" or "both"; empty when OK.
	Reason string `json:"reason,omitempty"`
}

// Combination is what one model can take with one provider.
type Combination struct {
	Provider Provider `json:"provider"`
	Cells    []Cell   `json:"channels"`
}

// Combine evaluates model m with provider p for every channel.
func Combine(m *Model, p *Provider) Combination {
	c := Combination{Provider: *p}
	for _, ch := range fees.Channels() {
		byModel, byProvider := m.Takes(ch), p.Takes(ch)
		cell := Cell{Channel: ch, OK: byModel && byProvider}
		switch {
		case !byModel && !byProvider:
			cell.Reason = "both"
		case !byModel:
			cell.Reason = "model"
		case !byProvider:
			cell.Reason = "provider"
		}
		c.Cells = append(c.Cells, cell)
	}
	return c
}

// Matrix returns model m against every provider, by provider name.
func (s *Service) Matrix(ctx context.Context, m *Model) ([]Combination, error) {
	ps, err := s.Providers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Combination, 0, len(ps))
	for i := range ps {
		out = append(out, Combine(m, &ps[i]))
	}
	return out, nil
}
