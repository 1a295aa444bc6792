// Package pdftest reads PDFs back as text in tests, with poppler's
// pdftotext (the Go extractors cannot read gofpdf's CJK output). Without
// pdftotext or a CJK font the test is skipped, or fails when CI is set.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"posportal/internal/pdf"
)

// Font returns the CJK font for tests that render Chinese.
func Font(tb testing.TB) *pdf.Font {
	tb.Helper()
	path, ok := pdf.FindFont(os.Getenv("PORTAL_PDF_FONT"))
	if !ok {
		missing(tb, "no CJK TrueType font (install fonts-arphic-gbsn00lp)")
	}
	f, err := pdf.LoadFont(path)
	if err != nil {
		tb.Fatalf("load font: %v", err)
	}
	return f
}

// Text returns the text of a PDF in reading order.
func Text(tb testing.TB, doc []byte) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		missing(tb, "pdftotext not installed (poppler-utils)")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return out.String()
}

func missing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s; CI requires PDF read-back tests", why)
	}
	tb.Skip(why)
}
