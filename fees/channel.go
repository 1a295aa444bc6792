package fees

// Channel is a payment method a fee plan prices separately. The values are the
// stable §11 names; they appear verbatim in JSON and in the database.
type Channel string

// The channels of §11. Order here is the canonical display order; it is also
// the bit order of ChannelSet.
const (
	DebitCard   Channel = "debit_card"
	CreditCard  Channel = "credit_card"
	WeChatPay   Channel = "wechat_pay"
	Alipay      Channel = "alipay"
	UnionPayQR  Channel = "unionpay_qr"
	Contactless Channel = "contactless"
	ForeignCard Channel = "foreign_card"
)

// channels is unexported so no caller can append to or reorder it.
var channels = [...]Channel{DebitCard, CreditCard, WeChatPay, Alipay, UnionPayQR, Contactless, ForeignCard}

// Channels returns every known channel in canonical order. The slice is a
// fresh copy, so callers may modify it.
func Channels() []Channel {
	out := make([]Channel, len(channels))
	copy(out, channels[:])
	return out
}

// index returns the channel's position in channels, or -1 when unknown.
// It is a switch rather than a loop over channels because every rate row
// of every quoted plan asks it several times: the compiler turns the
// switch into a length-and-value search instead of seven comparisons.
func (c Channel) index() int {
	switch c {
	case DebitCard:
		return 0
	case CreditCard:
		return 1
	case WeChatPay:
		return 2
	case Alipay:
		return 3
	case UnionPayQR:
		return 4
	case Contactless:
		return 5
	case ForeignCard:
		return 6
	}
	return -1
}

// Valid reports whether c is one of the §11 channels.
func (c Channel) Valid() bool { return c.index() >= 0 }

// ChannelSet is a small set of channels, used by callers (the catalog's
// compatibility matrix) to say which channels a terminal model or a provider
// cannot take. A bit set keeps it allocation-free in the 200-plan hot path.
// The zero value is the empty set.
type ChannelSet uint8

// NewChannelSet returns the set of the given channels. Unknown channels are
// ignored: they can never appear in a valid quote request, so there is
// nothing for them to exclude.
func NewChannelSet(chs ...Channel) ChannelSet {
	var s ChannelSet
	for _, c := range chs {
		s = s.With(c)
	}
	return s
}

// With returns s plus c (s unchanged when c is unknown).
func (s ChannelSet) With(c Channel) ChannelSet {
	if i := c.index(); i >= 0 {
		return s | 1<<i
	}
	return s
}

// Union returns the channels in s or t.
func (s ChannelSet) Union(t ChannelSet) ChannelSet { return s | t }

// Has reports whether c is in s.
func (s ChannelSet) Has(c Channel) bool {
	i := c.index()
	return i >= 0 && s&(1<<i) != 0
}

// Channels lists the members of s in canonical order.
func (s ChannelSet) Channels() []Channel {
	var out []Channel
	for i, c := range channels {
		if s&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}
