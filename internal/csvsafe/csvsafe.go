// Package csvsafe writes CSV that a spreadsheet opens as data, never as
// formulas (OWASP "CSV Injection"): a cell starting with = + - @, a tab or
// a carriage return — or their full-width forms, which spreadsheets in a
// Chinese locale also read as formula starts — gets a leading single quote
// and is quoted. Other cells are quoted when they hold a comma, a quote or
// a line break, as encoding/csv does. Pure decimal numbers ("-12", "3.50")
// pass unchanged so numeric columns stay numbers; they cannot hold a
// formula.
//
// The quote is reversible: Unescape removes exactly what Escape added, so a
// file exported by the portal imports back unchanged.
package csvsafe

import (
	"bufio"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// triggers start a formula in Excel, LibreOffice or Google Sheets.
const triggers = "=+-@\t\r＝＋－＠"

var decimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// needsQuote reports whether s, after any single quotes, starts with a
// trigger. Counting the quotes already there keeps Escape reversible: a
// cell that itself reads quote-equals gets one more quote, so Unescape can
// tell it from an escaped equals.
func needsQuote(s string) bool {
	rest := strings.TrimLeft(s, "'")
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return strings.ContainsRune(triggers, r) && !decimal.MatchString(s)
}

// Escape returns cell as it should appear in an exported file.
func Escape(cell string) string {
	if needsQuote(cell) {
		return "'" + cell
	}
	return cell
}

// Unescape reverses Escape, for importing a file the portal exported.
func Unescape(cell string) string {
	if strings.HasPrefix(cell, "'") && needsQuote(cell[1:]) {
		return cell[1:]
	}
	return cell
}

// Writer writes records with every cell escaped; a drop-in for the
// csv.Writer uses of the portal (comma, "\n" line ends).
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriter(w)} }

// Write writes one record.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	for i, cell := range record {
		if i > 0 {
			w.w.WriteByte(',')
		}
		esc := Escape(cell)
		if esc == cell && !strings.ContainsAny(cell, ",\"\r\n") && !strings.HasPrefix(cell, " ") {
			w.w.WriteString(cell)
			continue
		}
		w.w.WriteByte('"')
		w.w.WriteString(strings.ReplaceAll(esc, `"`, `""`))
		w.w.WriteByte('"')
	}
	_, w.err = w.w.WriteString("\n")
	return w.err
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.err = w.w.Flush()
	return w.err
}
