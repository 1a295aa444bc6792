package pdf

import (
	"strings"
	"testing"
)

func TestWrapFitsWidth(t *testing.T) {
	fonts := map[string]*Font{"fallback": nil}
	if _, ok := FindFont(""); ok {
		fonts["cjk"] = testFont(t)
	}
	text := merchantName + "位于浦东新区 Century Avenue 100号，营业时间 07:00-23:00，" +
		"supercalifragilisticexpialidocious-without-any-spaces-at-all 结束。\n第二段"
	for name, font := range fonts {
		d := New(font, testMeta(LangZH))
		d.setFont(tableSize, false)
		clean := font.clean(text)
		lines := d.wrap(clean, 40)
		if len(lines) < 4 {
			t.Errorf("%s: only %d lines: %q", name, len(lines), lines)
		}
		for _, l := range lines {
			if w := d.pdf.GetStringWidth(font.encode(l)); w > 40.01 {
				t.Errorf("%s: line %q is %.1f mm wide", name, l, w)
			}
		}
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(strings.ReplaceAll(clean, "\n", ""), " ", "") {
			t.Errorf("%s: wrapping lost text:\n%q\n%q", name, got, clean)
		}
		if lines[len(lines)-1] != font.clean("第二段") {
			t.Errorf("%s: newline not honoured: %q", name, lines)
		}
	}
}
