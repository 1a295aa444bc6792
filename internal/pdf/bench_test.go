package pdf

import "testing"

// BenchmarkOnePageChineseReport measures one typical one-page Chinese report
// with the shared, pre-loaded font; pdf-bytes is the size of the output.
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

// BenchmarkOnePageFallbackReport is the same report without a CJK font.
func BenchmarkOnePageFallbackReport(b *testing.B) {
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		out, err := sampleReport(nil, LangZH, 20).Bytes()
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// BenchmarkLoadFont is the start-up cost (read, check, trial render) that
// loading the font once saves every document.
func BenchmarkLoadFont(b *testing.B) {
	path := testFont(b).Path()
	for b.Loop() {
		if _, err := LoadFont(path); err != nil {
			b.Fatal(err)
		}
	}
}
