package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"posportal/internal/apperr"
)

// Comparison limits (§3: side by side, 2–4 models).
const (
	MinCompare = 2
	MaxCompare = 4
)

// Attribute is one comparable attribute of a model, named as in JSON.
type Attribute struct {
	Name  string
	Value any
}

// Attributes lists the model's comparable attributes in display order.
// Values are bool, int, int64, string, ScreenSize or []string.
func (m Model) Attributes() []Attribute {
	return []Attribute{
		{"brand", m.BrandName},
		{"category", m.Category},
		{"purchase_fen", m.PurchaseFen},
		{"monthly_rental_fen", m.MonthlyRentalFen},
		{"deposit_fen", m.DepositFen},
		{"warranty_months", m.WarrantyMonths},
		{"emv_chip", m.EMVChip},
		{"magstripe", m.Magstripe},
		{"nfc_contactless", m.NFCContactless},
		{"qr_scan", m.QRScan},
		{"printer", m.Printer},
		{"pin_pad", m.PINPad},
		{"cellular_4g", m.Cellular4G},
		{"wifi", m.WiFi},
		{"ethernet", m.Ethernet},
		{"bluetooth", m.Bluetooth},
		{"battery_mah", m.BatteryMAh},
		{"screen_inches", m.Screen},
		{"touchscreen", m.Touchscreen},
		{"os", m.OS},
		{"certifications", m.Certifications},
		{"hardware_revisions", m.HardwareRevisions},
	}
}

// Comparison is 2–4 models side by side.
type Comparison struct {
	Models []Model `json:"terminals"`
	// Differences names the attributes whose values are not the same for
	// every model, in display order: what the merchant should look at.
	Differences []string `json:"differences"`
}

// Differs reports whether attribute name differs between the models.
func (c Comparison) Differs(name string) bool { return slices.Contains(c.Differences, name) }

// Compare loads models ids in the order given and marks what differs.
// Fewer than 2, more than 4 or repeated ids are a 422 on "ids"; an
// unknown id is apperr.ErrNotFound.
func (s *Service) Compare(ctx context.Context, ids []int64) (Comparison, error) {
	if len(ids) < MinCompare || len(ids) > MaxCompare {
		return Comparison{}, apperr.Fields(map[string]string{"ids": "catalog.field.ids.count"})
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			return Comparison{}, apperr.Fields(map[string]string{"ids": "catalog.field.ids.duplicate"})
		}
		seen[id] = true
	}
	found, err := modelsByID(ctx, s.db, ids)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Differences: []string{}}
	for _, id := range ids {
		m, ok := found[id]
		if !ok {
			return Comparison{}, apperr.ErrNotFound
		}
		c.Models = append(c.Models, m)
	}
	first := c.Models[0].Attributes()
	for i, a := range first {
		want := valueKey(a.Value)
		for _, m := range c.Models[1:] {
			if valueKey(m.Attributes()[i].Value) != want {
				c.Differences = append(c.Differences, a.Name)
				break
			}
		}
	}
	return c, nil
}

// valueKey renders a value for equality; lists compare case-insensitively
// because "PCI PTS" and "pci pts" are the same certification.
func valueKey(v any) string {
	if l, ok := v.([]string); ok {
		return strings.ToLower(strings.Join(l, "\x00"))
	}
	return fmt.Sprint(v)
}
