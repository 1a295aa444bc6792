package svgchart

import (
	"encoding/xml"
	"strings"
	"testing"
)

// wellFormed parses out as XML, so a browser's SVG parser accepts it too.
func wellFormed(t *testing.T, out string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(out))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
	}
}

func TestBarsAreAccessibleAndEscaped(t *testing.T) {
	out := string(Bars(BarChart{ID: "rel", Title: "每百台工单 <b>", Desc: "desc & more", Bars: []Bar{
		{Label: "HJ-T80 5.2.0", Value: 66.67, Text: "66.67", Highlight: true},
		{Label: "<script>alert(1)</script>", Value: 0, Text: "0"},
	}}))
	wellFormed(t, out)
	for _, want := range []string{`role="img"`, `aria-labelledby="rel-title rel-desc"`, `<title id="rel-title">每百台工单 &lt;b&gt;</title>`,
		`<desc id="rel-desc">desc &amp; more</desc>`, `chart-bar chart-bar-alert`, `width="2"`, `&lt;script&gt;`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "style=") {
		t.Errorf("unsafe output:\n%s", out)
	}
}

func TestBarLengthsAreProportional(t *testing.T) {
	out := string(Bars(BarChart{ID: "f", Bars: []Bar{{Label: "a", Value: 10}, {Label: "b", Value: 5}}}))
	full, half := `width="420"`, `width="210"`
	if !strings.Contains(out, full) || !strings.Contains(out, half) {
		t.Errorf("want bars of 420 and 210 units:\n%s", out)
	}
}

func TestLines(t *testing.T) {
	out := string(Lines(LineChart{ID: "wk", Title: "Weekly", Desc: "d", Labels: []string{"10-05", "10-12", "10-19"},
		Series: []Series{{Name: "Submitted", Values: []float64{1, 2, 0}}, {Name: "Activated", Values: []float64{0, 2, 1}}}}))
	wellFormed(t, out)
	// Left edge 50, right edge 740; 2 is the top (y 20), 0 the axis (y 220).
	for _, want := range []string{`points="50,120 395,20 740,220 "`, `points="50,220 395,20 740,120 "`, `>Submitted</text>`, `>10-19</text>`, `role="img"`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
}

// A long value text gets room after the longest bar instead of running
// off the chart: "50 · flagged suspect" is 20 characters, 176 units.
func TestLongValueTextFits(t *testing.T) {
	out := string(Bars(BarChart{ID: "r", Bars: []Bar{{Label: "XC-W6 4.0.0", Value: 50, Text: "50 · flagged suspect"}, {Label: "b", Value: 10, Text: "10"}}}))
	if !strings.Contains(out, `width="334"`) {
		t.Errorf("want the longest bar 760 − 230 − 176 − 20 = 334 units:\n%s", out)
	}
}
