// Package catalog owns the terminal catalog and the stored fee plans (SPEC
// §3, §4): brands with their service attributes, terminal models with every
// §3 attribute, acquiring providers with the payment methods they accept,
// the compatibility matrix between them, fee plans with their rate rows and
// terminal prices, merchants' shortlists, and CSV import and export of
// models.
//
// The fee arithmetic itself lives in package fees, which is pure; this
// package loads plans, works out which channels a model and a provider can
// take together (Compatibility) and hands both to fees.QuotePlans, so a
// quote lists a channel a combination cannot take instead of pricing it.
//
// # Who may change what
//
// Reading is public: anyone may browse, compare and quote. Every change to
// brands, models, providers and plans goes through a Service method taking
// the acting user; it must be an admin (nil means the command line or the
// demo seed), and the change and its audit event commit in one
// transaction. Shortlists belong to merchants and only their owner sees
// or changes them.
//
// # Compatibility
//
// A fee channel can be taken by a model with a provider when the model has
// the hardware and the provider acquires the payment method behind it:
//
//	debit_card, credit_card  card reader (EMV chip or magnetic stripe)   + UnionPay cards
//	contactless              NFC reader                                  + UnionPay cards
//	foreign_card             card reader or NFC                          + Visa/Mastercard
//	wechat_pay               QR (a code scanner, or a QR soundbox)       + WeChat Pay
//	alipay                   QR                                          + Alipay
//	unionpay_qr              QR                                          + UnionPay QR
//
// e-CNY is shown as a provider's method but is not a fee channel of §11.
// A QR soundbox needs no scanner: the customer scans the merchant's code
// and the box announces the payment.
//
// When a quote names no model, each plan is priced with the terminal it
// offers that takes most of the requested channels (then the cheapest for
// the chosen acquisition, then the lowest id), and what that terminal
// cannot take is reported unsupported; so a plan never looks cheap because
// its cheapest terminal is a QR soundbox that cannot read the cards the
// merchant asked for.
package catalog
