package validate

import (
	"errors"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
)

// applicationForm mimics how the application form will use the tags: the
// fields of SPEC §11 that these rules cover.
type applicationForm struct {
	USCC             string `validate:"omitempty,uscc"`
	LegalRepName     string `validate:"required,cn_person_name"`
	LegalRepIDNumber string `validate:"required,cn_resident_id"`
	ContactMobile    string `validate:"required,cn_mobile"`
	PersonalCard     string `validate:"omitempty,bankcard"`
	CorporateAccount string `validate:"omitempty,corp_account"`
}

func validForm() applicationForm {
	return applicationForm{
		USCC:             sampleUSCC,
		LegalRepName:     "买买提·艾力",
		LegalRepIDNumber: sampleResidentID,
		ContactMobile:    "13800138000",
		PersonalCard:     "4111111111111111",
		CorporateAccount: "31001234567050001234",
	}
}

// newTestValidator registers the rules with a fixed clock.
func newTestValidator(t *testing.T) (*validator.Validate, rules) {
	t.Helper()
	r := rules{now: func() time.Time { return testNow }}
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := r.register(v); err != nil {
		t.Fatal(err)
	}
	return v, r
}

func TestTags(t *testing.T) {
	v, r := newTestValidator(t)
	if err := v.Struct(validForm()); err != nil {
		t.Fatalf("valid form: %v", err)
	}
	optional := validForm()
	optional.USCC, optional.PersonalCard, optional.CorporateAccount = "", "", ""
	if err := v.Struct(optional); err != nil {
		t.Fatalf("omitempty fields left empty: %v", err)
	}

	tests := []struct {
		name    string
		edit    func(*applicationForm)
		field   string
		tag     string
		wantKey string
	}{
		{"uscc checksum", func(f *applicationForm) { f.USCC = "91350100M000100Y44" }, "USCC", "uscc", "uscc.checksum"},
		{"uscc lowercase", func(f *applicationForm) { f.USCC = "91350100m000100y43" }, "USCC", "uscc", "uscc.format"},
		{"person name", func(f *applicationForm) { f.LegalRepName = "张三1" }, "LegalRepName", "cn_person_name", "person_name.format"},
		{"resident ID format", func(f *applicationForm) { f.LegalRepIDNumber = "11010519491231002x" }, "LegalRepIDNumber", "cn_resident_id", "resident_id.format"},
		{"resident ID checksum", func(f *applicationForm) { f.LegalRepIDNumber = "110105194912310021" }, "LegalRepIDNumber", "cn_resident_id", "resident_id.checksum"},
		{"resident ID birth date", func(f *applicationForm) { f.LegalRepIDNumber = "440524188001010014" }, "LegalRepIDNumber", "cn_resident_id", "resident_id.birth_date"},
		{"resident ID under 18", func(f *applicationForm) { f.LegalRepIDNumber = withCheck(t, "31011520080316001") }, "LegalRepIDNumber", "cn_resident_id", "resident_id.under_18"},
		{"mobile", func(f *applicationForm) { f.ContactMobile = "12800138000" }, "ContactMobile", "cn_mobile", "mobile.format"},
		{"bank card length", func(f *applicationForm) { f.PersonalCard = "411111111111111" }, "PersonalCard", "bankcard", "bankcard.format"},
		{"bank card Luhn", func(f *applicationForm) { f.PersonalCard = "4111111111111112" }, "PersonalCard", "bankcard", "bankcard.checksum"},
		{"corporate account", func(f *applicationForm) { f.CorporateAccount = "1234567" }, "CorporateAccount", "corp_account", "corp_account.format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validForm()
			tt.edit(&f)
			fe := onlyFieldError(t, v.Struct(f))
			if fe.Field() != tt.field || fe.Tag() != tt.tag {
				t.Errorf("error on %s/%s, want %s/%s", fe.Field(), fe.Tag(), tt.field, tt.tag)
			}
			if got := r.fieldErrorKey(fe); got != tt.wantKey {
				t.Errorf("fieldErrorKey = %q, want %q", got, tt.wantKey)
			}
		})
	}
}

// TestTagsOnOtherFieldShapes covers named string types and pointers, which
// form structs use for optional PATCH fields, and refuses non-strings.
func TestTagsOnOtherFieldShapes(t *testing.T) {
	v, _ := newTestValidator(t)
	type code string
	good, bad := sampleUSCC, "91350100M000100Y44"
	type shapes struct {
		Named   code    `validate:"uscc"`
		Pointer *string `validate:"omitempty,uscc"`
	}
	if err := v.Struct(shapes{Named: code(sampleUSCC), Pointer: &good}); err != nil {
		t.Errorf("valid named/pointer fields: %v", err)
	}
	if err := v.Struct(shapes{Named: code(sampleUSCC)}); err != nil {
		t.Errorf("nil optional pointer: %v", err)
	}
	if fe := onlyFieldError(t, v.Struct(shapes{Named: code(sampleUSCC), Pointer: &bad})); fe.Field() != "Pointer" {
		t.Errorf("error on %s, want Pointer", fe.Field())
	}
	type wrongKind struct {
		N int64 `validate:"bankcard"`
	}
	if err := v.Struct(wrongKind{N: 4111111111111111}); err == nil {
		t.Error("bankcard tag accepted an int64 field")
	}
}

func TestSettlementStructValidation(t *testing.T) {
	v, r := newTestValidator(t)
	ok := Settlement{MerchantType: "enterprise", LegalName: "腾讯科技（深圳）有限公司", HolderName: "腾讯科技(深圳)有限公司"}
	if err := v.Struct(ok); err != nil {
		t.Fatalf("matching holder: %v", err)
	}
	bad := Settlement{MerchantType: "micro", LegalRepName: "张三", HolderName: "李四"}
	fe := onlyFieldError(t, v.Struct(bad))
	if fe.Field() != "settlement_account_name" || fe.StructField() != "HolderName" || fe.Tag() != "holder_name" {
		t.Errorf("error on %s (%s) tag %s", fe.Field(), fe.StructField(), fe.Tag())
	}
	if got := r.fieldErrorKey(fe); got != ErrHolderNameMismatch.Key {
		t.Errorf("fieldErrorKey = %q", got)
	}
}

// TestRegister exercises the exported entry points with the real clock,
// using a holder born in 1949 so the result does not depend on the date.
func TestRegister(t *testing.T) {
	v := validator.New()
	if err := Register(v); err != nil {
		t.Fatal(err)
	}
	if err := v.Struct(validForm()); err != nil {
		t.Fatalf("valid form: %v", err)
	}
	f := validForm()
	f.LegalRepIDNumber = "110105194912310021"
	if got := FieldErrorKey(onlyFieldError(t, v.Struct(f))); got != "resident_id.checksum" {
		t.Errorf("FieldErrorKey = %q", got)
	}

	type other struct {
		Email string `validate:"email"`
	}
	if got := FieldErrorKey(onlyFieldError(t, v.Struct(other{Email: "x"}))); got != "" {
		t.Errorf("FieldErrorKey for a foreign tag = %q, want \"\"", got)
	}
}

// TestDefaultClockIsChina checks that the tag judges ages by China's date.
func TestDefaultClockIsChina(t *testing.T) {
	if _, offset := defaultRules.now().Zone(); offset != 8*60*60 {
		t.Errorf("default clock offset %ds, want UTC+8", offset)
	}
}

func onlyFieldError(t *testing.T, err error) validator.FieldError {
	t.Helper()
	var errs validator.ValidationErrors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("want exactly one field error, got %v", err)
	}
	return errs[0]
}
