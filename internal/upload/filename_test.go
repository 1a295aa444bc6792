package upload

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("营", 100) + ".pdf" // 304 bytes
	cases := []struct{ in, want string }{
		{"营业执照 扫描件.pdf", "营业执照 扫描件.pdf"},
		{"../../etc/passwd", "passwd"},
		{"/etc/passwd", "passwd"},
		{`C:\Users\王小明\Desktop\身份证 正面.jpg`, "身份证 正面.jpg"},
		{`..\..\windows\system32\evil.dll`, "evil.dll"},
		{"../", ""},
		{"..", ""},
		{".", ""},
		{"", ""},
		{".htaccess", "htaccess"},
		{"report.pdf.", "report.pdf"},
		{"  spaced  .png  ", "spaced  .png"},
		{"a\x00b\x07c\x1bd\x7f.pdf", "abcd.pdf"},
		{"line\r\nbreak\u2028here.pdf", "linebreakhere.pdf"},
		{"tab\there.pdf", "tabhere.pdf"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"}, // right-to-left override
		{"zero\u200Bwidth\uFEFF.png", "zerowidth.png"},
		{`a<b>c:d"e|f?g*h.pdf`, "a_b_c_d_e_f_g_h.pdf"},
		{"bad\xff\xfeutf8.pdf", "badutf8.pdf"},
		{"全角　空格.pdf", "全角 空格.pdf"},
		{"執照（副本）／２０２４.pdf", "執照（副本）／２０２４.pdf"},
		{long, strings.Repeat("营", 65) + ".pdf"},
		{strings.Repeat("a", 300), strings.Repeat("a", 200)},
		{strings.Repeat("a", 250) + "." + strings.Repeat("x", 40), strings.Repeat("a", 200)},
	}
	for _, c := range cases {
		if got := SanitizeFilename(c.in); got != c.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzSanitizeFilename checks the promises stored filenames rely on, for
// any input: valid UTF-8, bounded, no path, nothing invisible or
// controlling, stable when applied again.
func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{"营业执照 扫描件.pdf", "../../etc/passwd", `C:\x\y.pdf`, "a\x00b", "\u202Eexe.pdf", strings.Repeat("营", 80) + ".jpeg", ". .", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeFilename(in)
		if !utf8.ValidString(out) {
			t.Fatalf("%q: invalid UTF-8 %q", in, out)
		}
		if len(out) > MaxFilenameBytes {
			t.Fatalf("%q: %d bytes", in, len(out))
		}
		if strings.ContainsAny(out, `/\<>:"|?*`) || out == "." || out == ".." {
			t.Fatalf("%q: path or reserved character in %q", in, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
				t.Fatalf("%q: control or format character %U in %q", in, r, out)
			}
		}
		if out != strings.Trim(out, " .") {
			t.Fatalf("%q: leading or trailing dot or space in %q", in, out)
		}
		if again := SanitizeFilename(out); again != out {
			t.Fatalf("%q: not stable: %q then %q", in, out, again)
		}
	})
}
