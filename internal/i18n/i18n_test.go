package i18n

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"posportal/templates"
)

func TestEveryKeyInBothLanguages(t *testing.T) {
	for _, from := range Langs {
		for _, k := range Keys(from) {
			for _, to := range Langs {
				if !Has(to, k) {
					t.Errorf("key %q is in %s but not in %s", k, from, to)
				}
			}
			if strings.TrimSpace(T(from, k)) == "" {
				t.Errorf("key %q is empty in %s", k, from)
			}
		}
	}
}

// Keys a template names literally must exist; keys built with printf are
// checked for every value the domain gives them by internal/web's
// TestTemplateDynamicKeysExist (this package cannot import the domains).
func TestTemplateKeysExist(t *testing.T) {
	lit := regexp.MustCompile(`\.T "([^"]+)"`)
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := fs.ReadFile(templates.FS, p)
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			for _, l := range Langs {
				if !Has(l, m[1]) {
					t.Errorf("%s uses %q, missing in %s", p, m[1], l)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNegotiate(t *testing.T) {
	cases := map[string]string{
		"":                        ZH,
		"zh-CN,zh;q=0.9,en;q=0.8": ZH,
		"en-US,en;q=0.9":          EN,
		"en-GB,zh-CN;q=0.5":       EN,
		"zh-TW":                   ZH,
		"fr-FR":                   ZH,
		"fr-FR,en;q=0.5":          EN,
		"garbage;;;q=x":           ZH,
	}
	for header, want := range cases {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestTFormatsAndFallsBack(t *testing.T) {
	if got := T(ZH, "dashboard.hello", "王小明"); got != "您好,王小明" {
		t.Errorf("got %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key rendered as %q", got)
	}
}
