package pdf

import (
	"strings"
	"testing"
)

func TestWrapFitsWidth(t *testing.T) {
	text := merchantName + "位于浦东新区 Century Avenue 100号，营业时间 07:00-23:00，" +
		"supercalifragilisticexpialidocious-without-any-spaces-at-all 结束。\n第二段"
	d := New(nil, testMeta(LangZH))
	d.setFont(tableSize, false)
	lines := d.wrap(text, 40)
	if len(lines) < 4 {
		t.Errorf("only %d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if w := d.pdf.GetStringWidth(l); w > 40.01 {
			t.Errorf("line %q is %.1f mm wide", l, w)
		}
	}
	if got := strings.Join(lines, ""); noSpace(got) != noSpace(strings.ReplaceAll(text, "\n", "")) {
		t.Errorf("wrapping lost text:\n%q\n%q", got, text)
	}
	if lines[len(lines)-1] != "第二段" {
		t.Errorf("newline not honoured: %q", lines)
	}
}

func TestChineseWrapKeepsPunctuationWithItsWord(t *testing.T) {
	text := strings.Repeat("本协议由乙方法定代表人（经营者）签署，“签署记录”由甲方保存；如有疑问，请联系客户经理。", 6)
	d := New(nil, testMeta(LangZH))
	d.setFont(tableSize, false)
	for _, w := range []float64{23, 31, 37, 44, 58} {
		lines := d.wrap(text, w)
		if strings.Join(lines, "") != text {
			t.Fatalf("width %v: wrapping changed the text", w)
		}
		for i, l := range lines {
			rs := []rune(l)
			if i > 0 && isClosing(rs[0]) {
				t.Errorf("width %v: line %q starts with closing punctuation", w, l)
			}
			if i < len(lines)-1 && isOpening(rs[len(rs)-1]) {
				t.Errorf("width %v: line %q ends with opening punctuation", w, l)
			}
			if d.pdf.GetStringWidth(l) > w+0.01 {
				t.Errorf("width %v: line %q too wide", w, l)
			}
		}
	}
}

// The fee comparison's nine columns, in English, once broke "Effectiv / e rate".
func TestTableHeaderWordsNeverBreak(t *testing.T) {
	cols := []Column{
		{Header: "#", Width: 9, Align: "R"}, {Header: "Plan"}, {Header: "Provider", Width: 24},
		{Header: "Processing", Width: 20, Align: "R"}, {Header: "Fixed fees", Width: 18, Align: "R"},
		{Header: "Terminals", Width: 18, Align: "R"}, {Header: "Deposit (net)", Width: 16, Align: "R"},
		{Header: "Total", Width: 22, Align: "R"}, {Header: "Effective rate (bp)", Width: 15, Align: "R"},
	}
	rows := [][]string{{"1", "Standard merchant plan with a long name", "Minglan Bank", "1,234.56", "0.00", "1,199.00", "0.00", "12,345.67", "61"}}
	crowded := append(append([]Column{}, cols...), Column{Header: "Acquisition", Width: 20}, Column{Header: "Settlement", Width: 20},
		Column{Header: "Supported channels"}, Column{Header: "Administration", Width: 20})
	for name, cs := range map[string][]Column{"fee comparison": cols, "crowded": crowded} {
		d := New(nil, testMeta(LangEN))
		widths, headSize := d.columns(cs, rows)
		if total := sum(widths); total > d.contentWidth()+0.01 {
			t.Errorf("%s: columns are %.1f mm, page is %.1f", name, total, d.contentWidth())
		}
		d.setFont(headSize, true)
		pad := 2 * d.pdf.GetCellMargin()
		for i, c := range cs {
			got := strings.Join(d.wrap(c.Header, widths[i]-pad), " ")
			if got != c.Header {
				t.Errorf("%s: header %q wraps as %q in %.1f mm at %.1f pt", name, c.Header, got, widths[i], headSize)
			}
		}
		// Numbers keep their column too, while there is room.
		d.setFont(tableSize, false)
		for i, cell := range rows[0] {
			if name != "crowded" && cs[i].Width > 0 && len(d.wrap(cell, widths[i]-pad)) > 1 && !strings.Contains(cell, " ") {
				t.Errorf("%s: cell %q breaks in %.1f mm", name, cell, widths[i])
			}
		}
	}
	d := New(nil, testMeta(LangEN))
	d.Table(cols, rows)
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, b)
	for _, want := range []string{"Effective", "Processing", "Deposit", "12,345.67"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks the unbroken word %q:\n%s", want, text)
		}
	}
}
