package pdf

import "testing"

// BenchmarkOnePageChineseReport measures one typical one-page Chinese report
// with the shared, embedded font; pdf-bytes is the size of the output.
func BenchmarkOnePageChineseReport(b *testing.B) {
	font := testFont(b)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		out, err := sampleReport(font, LangZH, 20).Bytes()
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkParseFont is the start-up cost (check, trial render) that parsing
// the font once saves every document.
func BenchmarkParseFont(b *testing.B) {
	for b.Loop() {
		if _, err := ParseFont(notoSansSC); err != nil {
			b.Fatal(err)
		}
	}
}
