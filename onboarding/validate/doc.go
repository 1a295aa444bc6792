// Package validate holds the Chinese identity and business-number rules of
// merchant onboarding (SPEC §2.1): unified social credit codes (USCC),
// resident ID numbers, mobile numbers, bank card and corporate account
// numbers, person names and the settlement-account holder rule.
//
// Each rule comes in two shapes that cannot drift apart:
//
//   - pure functions (NormalizeX, ValidateX, ParseResidentID) with no I/O and
//     no clock of their own, so the domain service and tests call them
//     directly;
//   - go-playground/validator/v10 tags installed by [Register], which call the
//     same functions.
//
// Normalization is separate from validation on purpose. NormalizeX turns what
// a person typed (spaces, full-width characters, lowercase letters) into the
// canonical form; ValidateX and the tags accept only the canonical form. A
// value that passes validation is therefore exactly the value to store, and
// keyed hashes or uniqueness checks over stored values stay consistent. Bind
// the form, normalize its fields, then validate.
//
// Every failure is an [*Error] whose Key (for example "uscc.checksum") is
// stable; [Messages] maps each key to zh-CN and English text.
package validate
