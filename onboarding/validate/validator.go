package validate

import (
	"fmt"
	"reflect"
	"time"

	"github.com/go-playground/validator/v10"

	"posportal/internal/shanghai"
)

// rules binds the field checks to a clock. Only the resident-ID age check
// reads it; tests inject a fixed one instead of mutating package state.
type rules struct {
	now func() time.Time
}

// defaultRules judges ages by the current date in China.
var defaultRules = rules{now: func() time.Time { return time.Now().In(shanghai.Location) }}

// Register installs the onboarding tags on v:
//
//	uscc            canonical unified social credit code (GB 32100-2015)
//	cn_resident_id  canonical resident ID: checksum, real birth date, age ≥ 18 today in China
//	cn_mobile       mainland mobile number
//	bankcard        personal bank card: 16–19 digits passing Luhn
//	corp_account    corporate account: 8–30 digits
//	cn_person_name  person name sanity check
//
// and the struct-level holder-name rule for [Settlement]. Tags fail on
// empty and non-canonical values; combine with omitempty for optional
// fields and normalize before validating (see the package doc). Use
// [FieldErrorKey] to turn a resulting error into a message key.
func Register(v *validator.Validate) error {
	return defaultRules.register(v)
}

// FieldErrorKey returns the message key for an error reported by one of
// the tags Register installs (for example "resident_id.under_18" rather
// than just the tag), or "" for other tags. It re-runs the rule on the
// reported value, since validator errors carry only the tag.
func FieldErrorKey(fe validator.FieldError) string {
	return defaultRules.fieldErrorKey(fe)
}

// checks maps each field tag to the pure function it runs.
func (r rules) checks() map[string]func(string) error {
	return map[string]func(string) error{
		"uscc":           ValidateUSCC,
		"cn_resident_id": func(s string) error { return ValidateResidentID(s, r.now()) },
		"cn_mobile":      ValidateMobile,
		"bankcard":       ValidateBankCard,
		"corp_account":   ValidateCorporateAccount,
		"cn_person_name": ValidatePersonName,
	}
}

func (r rules) register(v *validator.Validate) error {
	for tag, check := range r.checks() {
		if err := v.RegisterValidation(tag, fieldFunc(check)); err != nil {
			return fmt.Errorf("validate: register %q: %w", tag, err)
		}
	}
	v.RegisterStructValidation(validateSettlement, Settlement{})
	return nil
}

func (r rules) fieldErrorKey(fe validator.FieldError) string {
	tag := fe.ActualTag()
	if tag == tagHolderName {
		return ErrHolderNameMismatch.Key
	}
	check, ok := r.checks()[tag]
	if !ok {
		return ""
	}
	s, ok := stringValue(reflect.ValueOf(fe.Value()))
	if !ok {
		return ""
	}
	// "" if the value passes now, e.g. a birthday began since validation.
	return MessageKey(check(s))
}

// fieldFunc adapts a pure check to a validator tag. Fields of string kind
// (including named string types) are checked; anything else fails, as a
// number or struct under these tags is a programming error.
func fieldFunc(check func(string) error) validator.Func {
	return func(fl validator.FieldLevel) bool {
		s, ok := stringValue(fl.Field())
		return ok && check(s) == nil
	}
}

func stringValue(v reflect.Value) (string, bool) {
	if !v.IsValid() || v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}
