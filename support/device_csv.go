package support

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// DeviceCSVHeader is the header row ImportDevicesCSV expects.
var DeviceCSVHeader = []string{"serial", "merchant_email", "model_id", "hardware_revision", "firmware_version", "provider_id"}

// maxImportRows bounds one import so a wrong file cannot tie the database up.
const maxImportRows = 5000

// RowError is what is wrong with one line of an import (1 = header).
type RowError struct {
	Line  int    `json:"line"`
	Field string `json:"field"`
	Key   string `json:"message_key"`
}

// ImportError carries every row error of a refused import.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("device import: %d row error(s)", len(e.Rows))
}

// ImportDevicesCSV registers the devices of a CSV file (admin): all rows
// or none. A refused file returns *ImportError listing every problem by
// line, so the admin fixes the file once.
func (s *Service) ImportDevicesCSV(ctx context.Context, actor *auth.User, r io.Reader, ip string) (int, error) {
	if err := requireAdmin(actor); err != nil {
		return 0, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(DeviceCSVHeader)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil || !sameHeader(head) {
		return 0, &ImportError{Rows: []RowError{{Line: 1, Field: "header", Key: "support.import.header"}}}
	}
	var rows []NewDevice
	var errs []RowError
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, RowError{Line: line, Field: "row", Key: "support.import.malformed"})
			break
		}
		if len(rows) >= maxImportRows {
			errs = append(errs, RowError{Line: line, Field: "row", Key: "support.import.too_many"})
			break
		}
		n, rowErrs := s.parseDeviceRow(ctx, rec, line)
		if seen[n.Serial] && n.Serial != "" {
			rowErrs = append(rowErrs, RowError{Line: line, Field: "serial", Key: "support.import.duplicate"})
		}
		seen[n.Serial] = true
		errs = append(errs, rowErrs...)
		rows = append(rows, n)
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Line: 2, Field: "row", Key: "support.import.empty"})
	}
	if len(errs) > 0 {
		return 0, &ImportError{Rows: errs}
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		for i, n := range rows {
			var id int64
			err := tx.Get(ctx, &id, `INSERT INTO support_devices (serial, merchant_id, model_id, hardware_revision,
				firmware_version, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				n.Serial, n.MerchantID, n.ModelID, n.HardwareRevision, n.FirmwareVersion, n.ProviderID, now, now)
			if db.IsUniqueViolation(err) {
				return &ImportError{Rows: []RowError{{Line: i + 2, Field: "serial", Key: "support.field.serial_taken"}}}
			}
			if err != nil {
				return fmt.Errorf("import device: %w", err)
			}
			if err := record(ctx, tx, now, actor, ip, "support.device.import", "device", id, &n.MerchantID,
				map[string]any{"serial": n.Serial}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

func sameHeader(h []string) bool {
	for i, want := range DeviceCSVHeader {
		if i >= len(h) || strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h[i], "\ufeff"))) != want {
			return false
		}
	}
	return true
}

func (s *Service) parseDeviceRow(ctx context.Context, rec []string, line int) (NewDevice, []RowError) {
	var errs []RowError
	n := NewDevice{Serial: rec[0], HardwareRevision: rec[3], FirmwareVersion: rec[4]}
	n.normalize()
	if err := s.db.Get(ctx, &n.MerchantID, `SELECT id FROM users WHERE email = ? AND role = ?`,
		auth.NormalizeEmail(rec[1]), auth.Merchant); err != nil {
		n.MerchantID = 0
	}
	var err1, err2 error
	n.ModelID, err1 = strconv.ParseInt(strings.TrimSpace(rec[2]), 10, 64)
	n.ProviderID, err2 = strconv.ParseInt(strings.TrimSpace(rec[5]), 10, 64)
	if err1 != nil {
		n.ModelID = 0
	}
	if err2 != nil {
		n.ProviderID = 0
	}
	if e := apperr.As(s.validateDevice(ctx, s.db, n)); e != nil {
		for field, key := range e.Fields {
			if field == "merchant_id" {
				field, key = "merchant_email", "support.field.merchant_email"
			}
			errs = append(errs, RowError{Line: line, Field: field, Key: key})
		}
	} else {
		var taken int
		if err := s.db.Get(ctx, &taken, `SELECT COUNT(*) FROM support_devices WHERE serial = ?`, n.Serial); err == nil && taken > 0 {
			errs = append(errs, RowError{Line: line, Field: "serial", Key: "support.field.serial_taken"})
		}
	}
	sortRowErrors(errs)
	return n, errs
}

// sortRowErrors orders a row's errors by column, so the list reads like
// the file (map iteration order would shuffle them).
func sortRowErrors(errs []RowError) {
	slices.SortStableFunc(errs, func(a, b RowError) int {
		return slices.Index(DeviceCSVHeader, a.Field) - slices.Index(DeviceCSVHeader, b.Field)
	})
}
