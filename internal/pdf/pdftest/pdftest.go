// Package pdftest reads PDFs back as text in tests, with poppler's
// pdftotext (the Go extractors cannot read gofpdf's CJK output). Without
// pdftotext the test is skipped, or fails when CI is set.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// Text returns the text of a PDF in reading order.
func Text(tb testing.TB, doc []byte) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("pdftotext (poppler-utils) is required under CI")
		}
		tb.Skip("pdftotext not installed (poppler-utils)")
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
