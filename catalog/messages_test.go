package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"posportal/fees"
	"posportal/internal/i18n"
)

// Every message key the catalog can return must read well in both
// languages: the keys and audit actions named literally in its source, the range keys built
// from field names, and every key a fees validation code maps to.
func TestMessageKeysExist(t *testing.T) {
	keys := FeeMessageKeys()
	for _, f := range []string{"battery_mah", "screen_inches", "warranty_months", "purchase_fen", "monthly_rental_fen", "deposit_fen"} {
		keys = append(keys, "catalog.field."+f+".range")
	}
	lit := regexp.MustCompile(`"((?:catalog|fees|field|error)\.[a-z0-9_.]+)"`)
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				keys = append(keys, m[1])
			}
		}
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			// Audit action names are shown as "audit.action.<name>".
			if !i18n.Has(l, k) && !i18n.Has(l, "audit.action."+k) {
				t.Errorf("message key %q missing in %s", k, l)
			}
		}
	}
}

func TestFeeMessageKey(t *testing.T) {
	cases := map[[2]string]string{
		{"rates[2].rate_ppm", fees.CodeOutOfRange}:                         "fees.field.rate_ppm.out_of_range",
		{"profile.channels", fees.CodeRequired}:                            "fees.field.channels.required",
		{"profile.channels[1]", fees.CodeConflict}:                         "fees.field.channels.conflict",
		{"profile.channels[0].buckets[3].ticket_fen", fees.CodeOutOfRange}: "fees.field.ticket_fen.out_of_range",
		{"plan_ids[4]", fees.CodeDuplicate}:                                "fees.code.duplicate",
		{"terminal_prices[0].monthly_rental_fen", fees.CodeOutOfRange}:     "fees.code.out_of_range",
	}
	for in, want := range cases {
		if got := FeeMessageKey(in[0], in[1]); got != want {
			t.Errorf("FeeMessageKey(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}
