package catalog

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"posportal/fees"
)

// AppendFeeComparisonJSON appends the §11 fee quote response for fc to
// dst: byte for byte what encoding/json writes for it, at a fraction of
// the cost — reflection over 200 quotes took as long as pricing them. The
// field order and names are FeeComparison's and Quote's JSON tags.
func AppendFeeComparisonJSON(dst []byte, fc *FeeComparison) []byte {
	dst = append(dst, `{"quotes":`...)
	if fc.Quotes == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range fc.Quotes {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuote(dst, &fc.Quotes[i])
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"best_plan_id":`...)
	dst = appendIntPtr(dst, fc.BestPlanID)
	dst = append(dst, `,"monthly_volume_fen":`...)
	dst = strconv.AppendInt(dst, fc.MonthlyVolumeFen, 10)
	dst = append(dst, `,"total_volume_fen":`...)
	dst = strconv.AppendInt(dst, fc.TotalVolumeFen, 10)
	return append(dst, '}')
}

func appendIntPtr(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, *v, 10)
}

func appendQuote(b []byte, q *Quote) []byte {
	b = append(b, `{"plan_id":`...)
	b = strconv.AppendInt(b, q.PlanID, 10)
	b = append(b, `,"plan_name":`...)
	b = appendString(b, q.PlanName)
	b = append(b, `,"provider":`...)
	b = appendString(b, q.Provider)
	b = append(b, `,"provider_id":`...)
	b = strconv.AppendInt(b, q.ProviderID, 10)
	b = append(b, `,"processing_fen":`...)
	b = strconv.AppendInt(b, q.ProcessingFen, 10)
	b = append(b, `,"fixed_fees_fen":`...)
	b = strconv.AppendInt(b, q.FixedFeesFen, 10)
	b = append(b, `,"terminal_fen":`...)
	b = strconv.AppendInt(b, q.TerminalFen, 10)
	b = append(b, `,"deposit_paid_fen":`...)
	b = strconv.AppendInt(b, q.DepositPaidFen, 10)
	b = append(b, `,"deposit_refunded_fen":`...)
	b = strconv.AppendInt(b, q.DepositRefundedFen, 10)
	b = append(b, `,"deposit_refund_month":`...)
	if q.DepositRefundMonth == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*q.DepositRefundMonth), 10)
	}
	b = append(b, `,"total_fen":`...)
	b = strconv.AppendInt(b, q.TotalFen, 10)
	b = append(b, `,"effective_rate_bp":`...)
	b = appendBP(b, q.EffectiveRateBP)
	b = append(b, `,"unsupported_channels":`...)
	if q.UnsupportedChannels == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, ch := range q.UnsupportedChannels {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(ch))
		}
		b = append(b, ']')
	}
	b = append(b, `,"volume_fen":`...)
	b = strconv.AppendInt(b, q.VolumeFen, 10)
	b = append(b, `,"terminal_model_id":`...)
	b = appendIntPtr(b, q.TerminalModelID)
	b = append(b, `,"terminal_price_missing":`...)
	b = strconv.AppendBool(b, q.TerminalPriceMissing)
	b = append(b, `,"comparable":`...)
	b = strconv.AppendBool(b, q.Comparable)
	b = append(b, `,"sample":`...)
	b = strconv.AppendBool(b, q.Sample)
	return append(b, '}')
}

// appendBP writes what BasisPoints.MarshalJSON writes (two decimals)
// without its fmt call.
func appendBP(b []byte, bp fees.BasisPoints) []byte {
	v := int64(bp)
	if v < 0 {
		b, v = append(b, '-'), -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	return append(b, '.', byte('0'+v%100/10), byte('0'+v%10))
}

// appendString writes s as encoding/json does. Names are almost always
// valid UTF-8 with nothing to escape, which encoding/json copies as they
// are; anything else goes through encoding/json itself.
func appendString(b []byte, s string) []byte {
	if plainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	enc, _ := json.Marshal(s) // a string always encodes
	return append(b, enc...)
}

// plainJSON reports whether encoding/json would write s unchanged between
// quotes: valid UTF-8, no control characters, none of " \ < > & (HTML
// escaping is on by default) and no U+2028 or U+2029.
func plainJSON(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')
}
