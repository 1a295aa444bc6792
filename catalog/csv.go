package catalog

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/csvsafe"
	"posportal/internal/db"
)

// CSVColumns are the columns of the models CSV, in export order. Import
// accepts them in any order; brand, name and category are required, any
// other missing column reads as zero / no / empty. Booleans are yes/no
// (also true/false, 1/0, 是/否), lists are separated by ";", screen size
// is inches with one decimal, money is integer fen as in the API.
var CSVColumns = []string{
	"brand", "name", "category",
	"emv_chip", "magstripe", "nfc_contactless", "qr_scan", "printer", "pin_pad",
	"cellular_4g", "wifi", "ethernet", "bluetooth",
	"battery_mah", "screen_inches", "touchscreen", "os", "certifications", "hardware_revisions",
	"purchase_fen", "monthly_rental_fen", "deposit_fen", "warranty_months",
}

var requiredColumns = []string{"brand", "name", "category"}

// MaxImportRows bounds one import, so one upload cannot hold a write
// transaction for long.
const MaxImportRows = 5000

// utf8BOM starts exported files so spreadsheet programs read Chinese
// correctly; import skips it.
const utf8BOM = "\ufeff"

// RowError is one problem in an imported file: the line it is on (1 is
// the header), the column when known, and an i18n message key with its
// arguments.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Key    string `json:"-"`
	Args   []any  `json:"-"`
}

// ImportError lists every problem found in a file; when an import returns
// it, nothing was imported. It unwraps to a 422 so a caller that does not
// show the rows still answers correctly.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("catalog: import refused: %d problem(s), first on line %d", len(e.Rows), e.Rows[0].Line)
}

// Unwrap maps the import error to a validation error for generic callers.
func (e *ImportError) Unwrap() error { return apperr.New(apperr.Validation, "catalog.csv.invalid") }

// ImportResult counts what an import did.
type ImportResult struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
}

type csvRow struct {
	line  int
	model Model
}

// ImportModelsCSV creates or updates models from a CSV file (admin only),
// matching existing models by brand and name. Every row is checked first;
// if any row is bad, nothing is imported and the *ImportError lists every
// problem by line. Otherwise all rows are written in one transaction with
// one audit event.
func (s *Service) ImportModelsCSV(ctx context.Context, actor *auth.User, src io.Reader, r auth.Request) (ImportResult, error) {
	if err := authorize(actor); err != nil {
		return ImportResult{}, err
	}
	brands, err := s.Brands(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	rows, problems := parseModelsCSV(src, brands)
	if len(problems) > 0 {
		return ImportResult{}, &ImportError{Rows: problems}
	}
	var res ImportResult
	err = s.change(ctx, actor, r, "catalog.model.import", "terminal_model", func(tx *db.Tx, now time.Time) (int64, map[string]any, error) {
		for i := range rows {
			m := &rows[i].model
			id, exists, err := modelIDByName(ctx, tx, m.BrandID, m.Name)
			if err != nil {
				return 0, nil, err
			}
			if exists {
				m.ID = id
				err = updateModel(ctx, tx, m, now)
				res.Updated++
			} else {
				err = insertModel(ctx, tx, m, now)
				res.Created++
			}
			if err != nil {
				return 0, nil, fmt.Errorf("import line %d: %w", rows[i].line, err)
			}
		}
		return 0, map[string]any{"created": res.Created, "updated": res.Updated}, nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// parseModelsCSV reads and checks every row, collecting all problems.
func parseModelsCSV(src io.Reader, brands []Brand) ([]csvRow, []RowError) {
	byName := make(map[string]int64, len(brands))
	for _, b := range brands {
		byName[strings.ToLower(b.Name)] = b.ID
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1 // counted here, to report every row
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []RowError{{Line: 1, Key: "catalog.csv.empty"}}
	}
	if err != nil {
		return nil, []RowError{parseProblem(err)}
	}
	cols, problems := readHeader(header)
	if len(problems) > 0 {
		return nil, problems
	}
	var rows []csvRow
	firstLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, parseProblem(err))
			if len(problems) > 100 {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= MaxImportRows {
			problems = append(problems, RowError{Line: line, Key: "catalog.csv.too_many_rows", Args: []any{MaxImportRows}})
			break
		}
		if len(rec) != len(header) {
			problems = append(problems, RowError{Line: line, Key: "catalog.csv.field_count", Args: []any{len(rec), len(header)}})
			continue
		}
		if !validTextRow(rec) {
			problems = append(problems, RowError{Line: line, Key: "catalog.csv.encoding"})
			continue
		}
		m, rowProblems := parseModelRow(line, rec, cols, byName)
		problems = append(problems, rowProblems...)
		if len(rowProblems) > 0 {
			continue
		}
		key := fmt.Sprintf("%d\x00%s", m.BrandID, strings.ToLower(m.Name))
		if first, dup := firstLine[key]; dup {
			problems = append(problems, RowError{Line: line, Column: "name", Key: "catalog.csv.duplicate_row", Args: []any{first}})
			continue
		}
		firstLine[key] = line
		rows = append(rows, csvRow{line: line, model: m})
	}
	if len(rows) == 0 && len(problems) == 0 {
		problems = append(problems, RowError{Line: 1, Key: "catalog.csv.empty"})
	}
	return rows, problems
}

func parseProblem(err error) RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return RowError{Line: pe.Line, Key: "catalog.csv.malformed"}
	}
	return RowError{Line: 1, Key: "catalog.csv.malformed"}
}

// readHeader maps column name → index.
func readHeader(header []string) (map[string]int, []RowError) {
	cols := map[string]int{}
	var problems []RowError
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, utf8BOM)
		}
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !slices.Contains(CSVColumns, h):
			problems = append(problems, RowError{Line: 1, Column: h, Key: "catalog.csv.unknown_column", Args: []any{h}})
		case hasKey(cols, h):
			problems = append(problems, RowError{Line: 1, Column: h, Key: "catalog.csv.duplicate_column", Args: []any{h}})
		default:
			cols[h] = i
		}
	}
	for _, req := range requiredColumns {
		if !hasKey(cols, req) {
			problems = append(problems, RowError{Line: 1, Column: req, Key: "catalog.csv.missing_column", Args: []any{req}})
		}
	}
	return cols, problems
}

// parseModelRow reads one record into a validated model.
func parseModelRow(line int, rec []string, cols map[string]int, brands map[string]int64) (Model, []RowError) {
	var problems []RowError
	bad := func(col, key string, args ...any) {
		problems = append(problems, RowError{Line: line, Column: col, Key: key, Args: args})
	}
	get := func(col string) string {
		if i, ok := cols[col]; ok {
			return strings.TrimSpace(csvsafe.Unescape(rec[i]))
		}
		return ""
	}
	flag := func(col string) bool {
		v, ok := parseBool(get(col))
		if !ok {
			bad(col, "catalog.csv.bool", get(col))
		}
		return v
	}
	number := func(col string) int64 {
		v := get(col)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad(col, "catalog.csv.integer", v)
		}
		return n
	}

	m := Model{Name: get("name"), Category: Category(get("category")), OS: get("os")}
	if b := get("brand"); b == "" {
		bad("brand", "field.required")
	} else if id, ok := brands[strings.ToLower(b)]; ok {
		m.BrandID = id
	} else {
		bad("brand", "catalog.csv.unknown_brand", b)
	}
	m.EMVChip, m.Magstripe, m.NFCContactless = flag("emv_chip"), flag("magstripe"), flag("nfc_contactless")
	m.QRScan, m.Printer, m.PINPad = flag("qr_scan"), flag("printer"), flag("pin_pad")
	m.Cellular4G, m.WiFi, m.Ethernet, m.Bluetooth = flag("cellular_4g"), flag("wifi"), flag("ethernet"), flag("bluetooth")
	m.Touchscreen = flag("touchscreen")
	m.BatteryMAh = int(clampInt(number("battery_mah")))
	m.WarrantyMonths = int(clampInt(number("warranty_months")))
	m.PurchaseFen, m.MonthlyRentalFen, m.DepositFen = number("purchase_fen"), number("monthly_rental_fen"), number("deposit_fen")
	if v := get("screen_inches"); v != "" {
		tenths, ok := ParseScreen(v)
		if !ok {
			bad("screen_inches", "catalog.csv.screen", v)
		}
		m.Screen = tenths
	}
	m.Certifications = SplitList(get("certifications"))
	m.HardwareRevisions = SplitList(get("hardware_revisions"))
	if len(problems) > 0 {
		// Left to right, as the admin reads the row.
		slices.SortStableFunc(problems, func(a, b RowError) int {
			return slices.Index(CSVColumns, a.Column) - slices.Index(CSVColumns, b.Column)
		})
		return m, problems
	}
	if err := m.validate(); err != nil {
		if e := apperr.As(err); e != nil {
			for _, col := range CSVColumns { // column order, so the report reads left to right
				if key, ok := e.Fields[col]; ok {
					bad(col, key)
				}
			}
			if key, ok := e.Fields["brand_id"]; ok {
				bad("brand", key)
			}
		}
	}
	return m, problems
}

// clampInt keeps a parsed number inside int range for fields validated as
// small ints; out-of-range values then fail validation instead of wrapping.
func clampInt(n int64) int64 {
	const limit = 1 << 31
	if n > limit {
		return limit
	}
	if n < -limit {
		return -limit
	}
	return n
}

func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "", "0", "no", "n", "false", "否":
		return false, true
	case "1", "yes", "y", "true", "是":
		return true, true
	}
	return false, false
}

// ParseScreen reads a screen diagonal in inches with at most one decimal
// ("5.5", "6", "0") exactly.
func ParseScreen(v string) (ScreenSize, bool) {
	whole, frac, hasFrac := strings.Cut(v, ".")
	if whole == "" || len(whole) > 3 || (hasFrac && len(frac) != 1) {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 {
		return 0, false
	}
	f := 0
	if hasFrac {
		if f, err = strconv.Atoi(frac); err != nil || f < 0 {
			return 0, false
		}
	}
	return ScreenSize(w*10 + f), true
}

// SplitList splits a ";"-separated list (a full-width "；" too), dropping
// blanks.
func SplitList(v string) []string {
	return cleanList(strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' }))
}

// ExportModelsCSV writes every model in the import format, by brand and
// name, starting with a UTF-8 byte order mark. Exporting and importing the
// file back changes nothing.
func (s *Service) ExportModelsCSV(ctx context.Context, w io.Writer) error {
	models, err := s.Models(ctx, Filter{Sort: SortName})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w) // a model named "=HYPERLINK(…)" must not run in Excel
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, m := range models {
		rec := []string{
			m.BrandName, m.Name, string(m.Category),
			yn(m.EMVChip), yn(m.Magstripe), yn(m.NFCContactless), yn(m.QRScan), yn(m.Printer), yn(m.PINPad),
			yn(m.Cellular4G), yn(m.WiFi), yn(m.Ethernet), yn(m.Bluetooth),
			itoa(int64(m.BatteryMAh)), m.Screen.String(), yn(m.Touchscreen), m.OS,
			strings.Join(m.Certifications, ";"), strings.Join(m.HardwareRevisions, ";"),
			itoa(m.PurchaseFen), itoa(m.MonthlyRentalFen), itoa(m.DepositFen), itoa(int64(m.WarrantyMonths)),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// validTextRow reports whether every cell is storable text: UTF-8 (a file
// saved from Excel as GBK is not) without NUL.
func validTextRow(rec []string) bool {
	for _, v := range rec {
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			return false
		}
	}
	return true
}
