package catalog

import (
	"errors"
	"strings"

	"posportal/fees"
	"posportal/internal/apperr"
)

// feeFieldMessages are the (field, code) pairs of package fees that have a
// message of their own; any other pair gets the generic message of its
// code. Keys are "fees.field.<field>.<code>" and "fees.code.<code>".
var feeFieldMessages = map[string]bool{
	"rate_ppm.out_of_range":           true,
	"d0_surcharge_ppm.out_of_range":   true,
	"months.out_of_range":             true,
	"terminal_count.out_of_range":     true,
	"channel.required":                true,
	"channel.unknown_value":           true,
	"channel.duplicate":               true,
	"min_ticket_fen.overlap":          true,
	"max_ticket_fen.range_inverted":   true,
	"average_ticket_fen.required":     true,
	"average_ticket_fen.out_of_range": true,
	"ticket_fen.out_of_range":         true,
	"monthly_count.out_of_range":      true,
	"channels.required":               true,
	"channels.conflict":               true,
	"rates.required":                  true,
	"acquisition.required":            true,
	"acquisition.unknown_value":       true,
	"settlement.required":             true,
	"settlement.unknown_value":        true,
	"model_id.duplicate":              true,
	"provider_id.required":            true,
}

// feeCodes are the validation codes of package fees.
var feeCodes = []string{
	fees.CodeRequired, fees.CodeTooLong, fees.CodeOutOfRange, fees.CodeUnknown, fees.CodeDuplicate,
	fees.CodeOverlap, fees.CodeRangeInverted, fees.CodeConflict, fees.CodeTooMany,
}

// FeeMessageKeys lists every message key FeeMessageKey can return.
func FeeMessageKeys() []string {
	var out []string
	for k := range feeFieldMessages {
		out = append(out, "fees.field."+k)
	}
	for _, c := range feeCodes {
		out = append(out, "fees.code."+c)
	}
	return out
}

// FeeMessageKey returns the i18n key for a fees validation code on a field
// path such as "rates[2].rate_ppm" or "profile.channels[0]".
func FeeMessageKey(path, code string) string {
	leaf := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(leaf, '['); i >= 0 {
		leaf = leaf[:i]
	}
	if feeFieldMessages[leaf+"."+code] {
		return "fees.field." + leaf + "." + code
	}
	return "fees.code." + code
}

// feeFields turns a *fees.ValidationError into the portal's 422 error with
// a translatable message per field path; other errors pass through.
func feeFields(err error) error {
	var ve *fees.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	f := make(map[string]string, len(ve.Fields))
	for path, fe := range ve.Fields {
		f[path] = FeeMessageKey(path, fe.Code)
	}
	return apperr.Fields(f)
}
