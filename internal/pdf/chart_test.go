package pdf

import (
	"strings"
	"testing"
)

// Charts are drawn with PDF primitives; their labels and values are text
// that reads back, and a chart that does not fit moves to the next page
// whole.
func TestChartsReadBack(t *testing.T) {
	d := New(nil, testMeta(LangEN))
	d.Paragraph(strings.Repeat("Filler line.\n", 44))
	d.BarChart([]Bar{
		{Label: "XC-W6 4.0.0", Value: 50, Text: "50 suspect", Highlight: true},
		{Label: "HJ-T80 5.1.2", Value: 10, Text: "10"},
		{Label: "YT-S1 2.3.1", Value: 0, Text: "0"},
	})
	d.LineChart([]string{"11-30", "12-07"}, []Series{{Name: "Submitted", Values: []float64{11, 2}}, {Name: "Went live", Values: []float64{3, 0}, Dashed: true}})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, b)
	pages := strings.Split(text, "\f")
	if len(pages) < 2 || strings.Contains(pages[0], "XC-W6") {
		t.Fatalf("the bar chart did not move to page 2 whole:\n%s", text)
	}
	flat := squash(text)
	for _, want := range []string{"XC-W6 4.0.0 50 suspect", "HJ-T80 5.1.2 10", "YT-S1 2.3.1 0", "11-30", "12-07", "Submitted", "Went live", "11"} {
		if !strings.Contains(flat, want) {
			t.Errorf("charts lack %q:\n%s", want, flat)
		}
	}
}
