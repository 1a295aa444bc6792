package catalog

import (
	"strings"

	"posportal/internal/apperr"
)

// Sort orders a model listing.
type Sort string

// The sort orders of a listing; the zero value sorts by purchase price.
const (
	SortPrice  Sort = "price"
	SortRental Sort = "rental"
	SortName   Sort = "name"
)

// Sorts lists the sort orders a listing offers.
var Sorts = []Sort{SortPrice, SortRental, SortName}

// Filter is a needs-based model search; zero fields match everything.
type Filter struct {
	Category Category
	BrandID  int64
	// Mobile: "I need to take payments on the move" (Model.Mobile).
	Mobile bool
	// Printer: "I need a receipt printer".
	Printer bool
	// Contactless: "customers tap cards and phones" (NFC).
	Contactless bool
	// QROnly: "I only take QR codes" — devices without any card reader,
	// which are the cheapest way to do so (Model.QROnly).
	QROnly bool
	// MaxPriceFen bounds the list purchase price; nil means no bound.
	MaxPriceFen *int64
	Sort        Sort
}

// Validate reports unknown values as field errors keyed by query parameter.
func (f Filter) Validate() error {
	fields := map[string]string{}
	if f.Category != "" && !f.Category.Valid() {
		fields["category"] = "catalog.field.choose"
	}
	if f.MaxPriceFen != nil && *f.MaxPriceFen < 0 {
		fields["max_price_fen"] = "catalog.field.not_negative"
	}
	if f.BrandID < 0 {
		fields["brand_id"] = "catalog.field.choose"
	}
	switch f.Sort {
	case "", SortPrice, SortRental, SortName:
	default:
		fields["sort"] = "catalog.field.choose"
	}
	if len(fields) > 0 {
		return apperr.Fields(fields)
	}
	return nil
}

// where builds the WHERE clause; each condition mirrors the Model method
// of the same need, which the tests hold it to.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Category != "" {
		conds, args = append(conds, "m.category = ?"), append(args, f.Category)
	}
	if f.BrandID > 0 {
		conds, args = append(conds, "m.brand_id = ?"), append(args, f.BrandID)
	}
	if f.Mobile {
		conds = append(conds, "m.battery_mah > 0 AND (m.cellular_4g OR m.bluetooth)")
	}
	if f.Printer {
		conds = append(conds, "m.printer")
	}
	if f.Contactless {
		conds = append(conds, "m.nfc_contactless")
	}
	if f.QROnly {
		conds = append(conds, "(m.qr_scan OR m.category = 'qr_soundbox') AND NOT m.emv_chip AND NOT m.magstripe AND NOT m.nfc_contactless")
	}
	if f.MaxPriceFen != nil {
		conds, args = append(conds, "m.purchase_fen <= ?"), append(args, *f.MaxPriceFen)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// orderBy comes from a whitelist, never from the request.
func (f Filter) orderBy() string {
	switch f.Sort {
	case SortRental:
		return "m.monthly_rental_fen, m.purchase_fen, b.name, m.name, m.id"
	case SortName:
		return "b.name, m.name, m.id"
	default:
		return "m.purchase_fen, m.monthly_rental_fen, b.name, m.name, m.id"
	}
}
