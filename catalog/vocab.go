package catalog

import (
	"fmt"
	"slices"
)

// Category is a terminal model's form factor (§3).
type Category string

// The categories of §3, in display order.
const (
	Countertop   Category = "countertop"
	Wireless     Category = "wireless"
	SmartAndroid Category = "smart_android"
	MPOS         Category = "mpos"
	QRSoundbox   Category = "qr_soundbox"
)

// Categories lists every category in display order.
var Categories = []Category{Countertop, Wireless, SmartAndroid, MPOS, QRSoundbox}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Method is a payment method a provider acquires (§3). They are not the
// fee channels of §11: one method (UnionPay cards) feeds several channels
// (debit, credit, contactless), and e-CNY has no fee channel at all.
type Method string

// The payment methods of §3.
const (
	UnionPayCard Method = "unionpay_card" // 银联卡
	IntlCard     Method = "intl_card"     // Visa / Mastercard
	WeChatPay    Method = "wechat_pay"
	Alipay       Method = "alipay"
	UnionPayQR   Method = "unionpay_qr" // 银联二维码 / 云闪付
	ECNY         Method = "ecny"        // 数字人民币
)

// Methods lists every payment method in display order.
var Methods = []Method{UnionPayCard, IntlCard, WeChatPay, Alipay, UnionPayQR, ECNY}

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return slices.Contains(Methods, m) }

// ProviderKind says whether a provider is a bank or a licensed non-bank
// payment institution (支付机构).
type ProviderKind string

// The provider kinds.
const (
	Bank               ProviderKind = "bank"
	PaymentInstitution ProviderKind = "payment_institution"
)

// ProviderKinds lists every provider kind.
var ProviderKinds = []ProviderKind{Bank, PaymentInstitution}

// Valid reports whether k is a known kind.
func (k ProviderKind) Valid() bool { return slices.Contains(ProviderKinds, k) }

// SupportHours is when a brand's technical support answers.
type SupportHours string

// The support hours a brand can offer, best first.
const (
	Support24x7     SupportHours = "24x7"
	SupportExtended SupportHours = "extended" // 08:00–22:00 every day
	SupportBusiness SupportHours = "business" // working days, office hours
)

// SupportHoursList lists every value, best first.
var SupportHoursList = []SupportHours{Support24x7, SupportExtended, SupportBusiness}

// Valid reports whether h is a known value.
func (h SupportHours) Valid() bool { return slices.Contains(SupportHoursList, h) }

// ScreenSize is a screen diagonal in tenths of an inch (55 = 5.5"); 0 means
// no screen. It is an integer so comparisons and CSV round trips are exact,
// and it reads and writes as a number with one decimal.
type ScreenSize int

// String formats s with one decimal, e.g. "5.5".
func (s ScreenSize) String() string { return fmt.Sprintf("%d.%d", int(s)/10, int(s)%10) }

// MarshalJSON writes s as a JSON number with one decimal.
func (s ScreenSize) MarshalJSON() ([]byte, error) { return []byte(s.String()), nil }
