package catalog

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Capabilities is the hardware of a terminal model (§3).
type Capabilities struct {
	Magstripe      bool `db:"magstripe" json:"magstripe"`
	EMVChip        bool `db:"emv_chip" json:"emv_chip"`
	NFCContactless bool `db:"nfc_contactless" json:"nfc_contactless"`
	QRScan         bool `db:"qr_scan" json:"qr_scan"`
	Printer        bool `db:"printer" json:"printer"`
	PINPad         bool `db:"pin_pad" json:"pin_pad"`
	Cellular4G     bool `db:"cellular_4g" json:"cellular_4g"`
	WiFi           bool `db:"wifi" json:"wifi"`
	Ethernet       bool `db:"ethernet" json:"ethernet"`
	Bluetooth      bool `db:"bluetooth" json:"bluetooth"`
}

// Model is a terminal model with every attribute of §3. Prices are the
// list prices of the catalog; a fee plan may price the model differently
// (fees.TerminalPrice), and quotes use the plan's price.
type Model struct {
	ID        int64    `db:"id" json:"id"`
	BrandID   int64    `db:"brand_id" json:"brand_id"`
	BrandName string   `db:"brand_name" json:"brand"`
	Name      string   `db:"name" json:"name"`
	Category  Category `db:"category" json:"category"`
	Capabilities
	// BatteryMAh is 0 for a mains-powered terminal.
	BatteryMAh  int        `db:"battery_mah" json:"battery_mah"`
	Screen      ScreenSize `db:"screen_tenth_inches" json:"screen_inches"`
	Touchscreen bool       `db:"touchscreen" json:"touchscreen"`
	OS          string     `db:"os" json:"os"`
	// Certifications such as "PCI PTS 6.x" or "UnionPay"; never nil.
	Certifications   []string `db:"-" json:"certifications"`
	PurchaseFen      int64    `db:"purchase_fen" json:"purchase_fen"`
	MonthlyRentalFen int64    `db:"monthly_rental_fen" json:"monthly_rental_fen"`
	DepositFen       int64    `db:"deposit_fen" json:"deposit_fen"`
	WarrantyMonths   int      `db:"warranty_months" json:"warranty_months"`
	// HardwareRevisions lists the model's revisions oldest first; support
	// compares a device's revision with a firmware release's minimum by
	// this order. Never nil.
	HardwareRevisions []string  `db:"-" json:"hardware_revisions"`
	Sample            bool      `db:"sample" json:"sample"`
	CreatedAt         time.Time `db:"created_at" json:"created_at"`
	UpdatedAt         time.Time `db:"updated_at" json:"updated_at"`
}

// Limits on a model's attributes, generous for real hardware and tight
// enough that a typo (an extra zero) is caught.
const (
	maxBatteryMAh     = 100_000
	maxScreen         = 300 // 30.0"
	maxWarrantyMonths = 120
	maxListItems      = 20
	maxItemLen        = 60
	maxOSLen          = 60
	maxPriceFen       = 100_000_000 // ¥1,000,000 for one terminal
)

// validate normalises m and returns its field errors (message keys).
func (m *Model) validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.OS = strings.TrimSpace(m.OS)
	m.Certifications = cleanList(m.Certifications)
	m.HardwareRevisions = cleanList(m.HardwareRevisions)
	f := map[string]string{}
	checkName(f, "name", m.Name)
	if m.BrandID <= 0 {
		f["brand_id"] = "catalog.field.choose"
	}
	if !m.Category.Valid() {
		f["category"] = "catalog.field.choose"
	}
	between(f, "battery_mah", int64(m.BatteryMAh), 0, maxBatteryMAh)
	between(f, "screen_inches", int64(m.Screen), 0, maxScreen)
	between(f, "warranty_months", int64(m.WarrantyMonths), 0, maxWarrantyMonths)
	between(f, "purchase_fen", m.PurchaseFen, 0, maxPriceFen)
	between(f, "monthly_rental_fen", m.MonthlyRentalFen, 0, maxPriceFen)
	between(f, "deposit_fen", m.DepositFen, 0, maxPriceFen)
	if utf8.RuneCountInString(m.OS) > maxOSLen {
		f["os"] = "field.too_long"
	}
	checkList(f, "certifications", m.Certifications)
	checkList(f, "hardware_revisions", m.HardwareRevisions)
	if m.Touchscreen && m.Screen == 0 {
		f["touchscreen"] = "catalog.field.touchscreen.no_screen"
	}
	return fieldsErr(f)
}

func between(f map[string]string, field string, v, lo, hi int64) {
	if v < lo || v > hi {
		f[field] = "catalog.field." + field + ".range"
	}
}

// cleanList trims items and drops blanks; the result is never nil so JSON
// shows [] rather than null.
func cleanList(items []string) []string {
	out := []string{}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func checkList(f map[string]string, field string, items []string) {
	if len(items) > maxListItems {
		f[field] = "catalog.field.list.too_many"
		return
	}
	seen := map[string]bool{}
	for _, it := range items {
		if utf8.RuneCountInString(it) > maxItemLen {
			f[field] = "field.too_long"
			return
		}
		k := strings.ToLower(it)
		if seen[k] {
			f[field] = "catalog.field.list.duplicate"
			return
		}
		seen[k] = true
	}
}

// Mobile reports whether the model takes payments on the move: it runs on
// battery and reaches the acquirer by itself (4G) or through the
// merchant's phone (Bluetooth mPOS).
func (m Model) Mobile() bool { return m.BatteryMAh > 0 && (m.Cellular4G || m.Bluetooth) }

// CardReader reports whether the model reads cards by chip or stripe.
func (m Model) CardReader() bool { return m.EMVChip || m.Magstripe }

// TakesQR reports whether the model can take QR payments: it scans the
// customer's code, or it is a soundbox announcing payments to the
// merchant's code.
func (m Model) TakesQR() bool { return m.QRScan || m.Category == QRSoundbox }

// QROnly reports whether the model takes QR payments and no cards at all.
func (m Model) QROnly() bool { return m.TakesQR() && !m.CardReader() && !m.NFCContactless }
