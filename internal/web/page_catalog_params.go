package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/money"
)

// catalogID reads a numeric path parameter; anything else is a 404, as an
// id that cannot exist names nothing.
func catalogID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}

// catalogFlag reads a checkbox or API boolean query parameter.
func catalogFlag(c *gin.Context, name string) bool {
	switch strings.ToLower(c.Query(name)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// catalogFilter reads the needs filter shared by the page and the API:
// category, brand_id, mobile, printer, contactless, qr_only, sort, and the
// maximum price as max_price_fen (API) or max_price in yuan (form).
func catalogFilter(c *gin.Context) (catalog.Filter, error) {
	f := catalog.Filter{
		Category: catalog.Category(c.Query("category")), Sort: catalog.Sort(c.Query("sort")),
		Mobile: catalogFlag(c, "mobile"), Printer: catalogFlag(c, "printer"),
		Contactless: catalogFlag(c, "contactless"), QROnly: catalogFlag(c, "qr_only"),
	}
	fields := map[string]string{}
	if v := c.Query("brand_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fields["brand_id"] = "catalog.field.number"
		}
		f.BrandID = id
	}
	if v := strings.TrimSpace(c.Query("max_price_fen")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fields["max_price_fen"] = "catalog.field.number"
		}
		f.MaxPriceFen = &n
	} else if v := strings.TrimSpace(c.Query("max_price")); v != "" {
		n, err := money.ParseYuan(v)
		if err != nil {
			fields["max_price"] = "fees.field.yuan"
		}
		f.MaxPriceFen = &n
	}
	if len(fields) > 0 {
		return f, apperr.Fields(fields)
	}
	return f, f.Validate()
}

// compareIDs reads ids=1,2,3 (the API) or ids=1&ids=2 (the form's
// checkboxes), or both mixed.
func compareIDs(c *gin.Context) ([]int64, error) {
	var ids []int64
	for _, v := range c.QueryArray("ids") {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil || id <= 0 {
				return nil, apperr.Fields(map[string]string{"ids": "catalog.field.ids.invalid"})
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}
