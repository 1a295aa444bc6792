package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/internal/money"
)

// catalogAdminForm reads an admin form's fields, remembering every value
// for a re-render and every value that is not even a number.
type catalogAdminForm struct {
	c      *gin.Context
	Values map[string]string
	Errors map[string]string
}

func newCatalogAdminForm(c *gin.Context) *catalogAdminForm {
	return &catalogAdminForm{c: c, Values: map[string]string{}, Errors: map[string]string{}}
}

func (f *catalogAdminForm) str(name string) string {
	v := strings.TrimSpace(f.c.PostForm(name))
	f.Values[name] = v
	return v
}

func (f *catalogAdminForm) flag(name string) bool {
	v := f.c.PostForm(name) != ""
	if v {
		f.Values[name] = "1"
	}
	return v
}

// integer reads a whole number; empty is 0.
func (f *catalogAdminForm) integer(name string) int64 {
	v := f.str(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f.Errors[name] = "catalog.field.number"
	}
	return n
}

// yuan reads an amount in yuan as fen; empty is 0.
func (f *catalogAdminForm) yuan(name string) int64 {
	n, _ := f.optYuan(name)
	return n
}

// optYuan reads an optional amount: ok is false when empty.
func (f *catalogAdminForm) optYuan(name string) (fen int64, ok bool) {
	v := f.str(name)
	if v == "" {
		return 0, false
	}
	n, err := money.ParseYuan(v)
	if err != nil {
		f.Errors[name] = "fees.field.yuan"
	}
	return n, true
}

// percent reads a rate in percent (up to four decimals, "0.38") as ppm.
func (f *catalogAdminForm) percent(name string) int64 {
	v := f.str(name)
	if v == "" {
		return 0
	}
	n, err := parsePercentPPM(v)
	if err != nil {
		f.Errors[name] = "admin.catalog.field.percent"
	}
	return n
}

var errPercent = errors.New("not a percentage")

// parsePercentPPM reads "0.38" or "0.38%" as 3800 ppm exactly (1 % is
// 10,000 ppm, so four decimals of a percent are whole ppm).
func parsePercentPPM(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 6 || len(frac) > 4 || (dot && frac == "") {
		return 0, errPercent
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, errPercent
		}
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, _ := strconv.ParseInt(whole, 10, 64)
	fr, _ := strconv.ParseInt(frac, 10, 64)
	return w*10_000 + fr, nil
}
