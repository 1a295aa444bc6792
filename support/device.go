package support

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Device is a terminal in a merchant's shop.
type Device struct {
	ID               int64      `db:"id" json:"id"`
	Serial           string     `db:"serial" json:"serial"`
	MerchantID       int64      `db:"merchant_id" json:"merchant_id"`
	MerchantName     string     `db:"merchant_name" json:"-"`
	ModelID          int64      `db:"model_id" json:"model_id"`
	ModelName        string     `db:"model_name" json:"model"`
	Printer          bool       `db:"printer" json:"printer"`
	HardwareRevision string     `db:"hardware_revision" json:"hardware_revision"`
	FirmwareVersion  string     `db:"firmware_version" json:"firmware_version"`
	ProviderID       int64      `db:"provider_id" json:"provider_id"`
	ProviderName     string     `db:"provider_name" json:"provider"`
	LastCheckinAt    *time.Time `db:"last_checkin_at" json:"last_checkin_at"`
	UpgradeCompleted bool       `db:"upgrade_completed" json:"upgrade_completed"`
	UpgradedAt       *time.Time `db:"upgraded_at" json:"upgraded_at"`
	CreatedAt        time.Time  `db:"created_at" json:"created_at"`
}

const deviceSelect = `SELECT d.id, d.serial, d.merchant_id, u.name AS merchant_name, d.model_id,
	b.name || ' ' || m.name AS model_name, m.printer, d.hardware_revision, d.firmware_version, d.provider_id,
	p.name AS provider_name, d.last_checkin_at, d.upgrade_completed, d.upgraded_at, d.created_at
	FROM support_devices d
	JOIN users u ON u.id = d.merchant_id
	JOIN catalog_models m ON m.id = d.model_id
	JOIN catalog_brands b ON b.id = m.brand_id
	JOIN catalog_providers p ON p.id = d.provider_id`

// NewDevice is what an admin registers (or an installation records).
type NewDevice struct {
	Serial           string `json:"serial"`
	MerchantID       int64  `json:"merchant_id"`
	ModelID          int64  `json:"model_id"`
	HardwareRevision string `json:"hardware_revision"`
	FirmwareVersion  string `json:"firmware_version"`
	ProviderID       int64  `json:"provider_id"`
}

var (
	serialPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{3,39}$`)
	versionPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
)

func (n *NewDevice) normalize() {
	n.Serial = strings.ToUpper(strings.TrimSpace(n.Serial))
	n.HardwareRevision = strings.TrimSpace(n.HardwareRevision)
	n.FirmwareVersion = strings.TrimSpace(n.FirmwareVersion)
}

// validate checks n against the database: the merchant, the model and its
// revisions, and the provider must exist.
func (s *Service) validateDevice(ctx context.Context, q db.Querier, n NewDevice) error {
	f := map[string]string{}
	if !serialPattern.MatchString(n.Serial) {
		f["serial"] = "support.field.serial"
	}
	if n.FirmwareVersion != "" && !versionPattern.MatchString(n.FirmwareVersion) {
		f["firmware_version"] = "support.field.version"
	}
	var role string
	if err := q.Get(ctx, &role, `SELECT role FROM users WHERE id = ?`, n.MerchantID); err != nil || role != string(auth.Merchant) {
		f["merchant_id"] = "support.field.merchant"
	}
	if m, err := s.catalog.Model(ctx, n.ModelID); err != nil {
		f["model_id"] = "support.field.choose"
	} else if n.HardwareRevision != "" && len(m.HardwareRevisions) > 0 && !slices.Contains(m.HardwareRevisions, n.HardwareRevision) {
		f["hardware_revision"] = "support.field.revision"
	}
	if _, err := s.catalog.Provider(ctx, n.ProviderID); err != nil {
		f["provider_id"] = "support.field.choose"
	}
	return fieldsErr(f)
}

// CreateDevice registers a device for a merchant (admin, or the system).
func (s *Service) CreateDevice(ctx context.Context, actor *auth.User, n NewDevice, ip string) (Device, error) {
	if err := requireAdmin(actor); err != nil {
		return Device{}, err
	}
	n.normalize()
	if err := s.validateDevice(ctx, s.db, n); err != nil {
		return Device{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		err := tx.Get(ctx, &id, `INSERT INTO support_devices (serial, merchant_id, model_id, hardware_revision,
			firmware_version, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.Serial, n.MerchantID, n.ModelID, n.HardwareRevision, n.FirmwareVersion, n.ProviderID, now, now)
		if db.IsUniqueViolation(err) {
			return apperr.Fields(map[string]string{"serial": "support.field.serial_taken"})
		}
		if err != nil {
			return fmt.Errorf("insert device: %w", err)
		}
		return record(ctx, tx, now, actor, ip, "support.device.create", "device", id, &n.MerchantID,
			map[string]any{"serial": n.Serial})
	})
	if err != nil {
		return Device{}, err
	}
	return s.deviceByID(ctx, s.db, id)
}

// Devices lists the merchant's own devices, or every device for staff.
func (s *Service) Devices(ctx context.Context, actor auth.User) ([]Device, error) {
	var out []Device
	var err error
	switch actor.Role {
	case auth.Merchant:
		err = s.db.Select(ctx, &out, deviceSelect+` WHERE d.merchant_id = ? ORDER BY d.serial`, actor.ID)
	case auth.Admin:
		err = s.db.Select(ctx, &out, deviceSelect+` ORDER BY u.name, d.serial`)
	case auth.Installer:
		err = s.db.Select(ctx, &out, deviceSelect+` WHERE d.id IN (SELECT device_id FROM support_tickets WHERE assignee_user_id = ?)
			ORDER BY u.name, d.serial`, actor.ID)
	default:
		return nil, apperr.ErrForbidden
	}
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	return out, nil
}

// Device returns one device the actor may see: a merchant their own, an
// installer those of tickets assigned to them, an admin any.
func (s *Service) Device(ctx context.Context, actor auth.User, id int64) (Device, error) {
	d, err := s.deviceByID(ctx, s.db, id)
	if err != nil {
		return Device{}, err
	}
	switch actor.Role {
	case auth.Admin:
		return d, nil
	case auth.Merchant:
		if d.MerchantID == actor.ID {
			return d, nil
		}
	case auth.Installer:
		if ok, err := s.assignedTo(ctx, actor, `device_id = ?`, id); err != nil || ok {
			return d, err
		}
	}
	return Device{}, apperr.ErrNotFound
}

// assignedTo reports whether a ticket matching cond is assigned to the
// installer, the only way an installer sees a merchant's device or answers.
func (s *Service) assignedTo(ctx context.Context, actor auth.User, cond string, arg any) (bool, error) {
	var n int
	if err := s.db.Get(ctx, &n, `SELECT COUNT(*) FROM support_tickets WHERE assignee_user_id = ? AND `+cond, actor.ID, arg); err != nil {
		return false, fmt.Errorf("assigned tickets: %w", err)
	}
	return n > 0, nil
}

func (s *Service) deviceByID(ctx context.Context, q db.Querier, id int64) (Device, error) {
	var d Device
	err := q.Get(ctx, &d, deviceSelect+` WHERE d.id = ?`, id)
	return d, notFound(err, "device")
}

// DeviceBySerial returns a device by serial, for staff and the seed.
func (s *Service) DeviceBySerial(ctx context.Context, serial string) (Device, error) {
	var d Device
	err := s.db.Get(ctx, &d, deviceSelect+` WHERE d.serial = ?`, strings.ToUpper(strings.TrimSpace(serial)))
	return d, notFound(err, "device by serial")
}

// CheckIn is what a terminal management system reports about a device.
type CheckIn struct {
	FirmwareVersion string `json:"firmware_version"`
	// UpgradeCompleted is false when the device's last upgrade did not
	// finish; nil means true.
	UpgradeCompleted *bool `json:"upgrade_completed"`
}

// RecordCheckIn stores a check-in from an integration account. A new
// firmware version starts the 72 hours the regression watch looks at. An
// account reaches only its provider's devices: another provider's serial
// is "not found", exactly like an unknown one.
func (s *Service) RecordCheckIn(ctx context.Context, integ Integration, serial string, c CheckIn) (Device, error) {
	c.FirmwareVersion = strings.TrimSpace(c.FirmwareVersion)
	if !versionPattern.MatchString(c.FirmwareVersion) {
		return Device{}, apperr.Fields(map[string]string{"firmware_version": "support.field.version"})
	}
	completed := c.UpgradeCompleted == nil || *c.UpgradeCompleted
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var d Device
		q, args := `SELECT id, merchant_id, firmware_version, upgraded_at FROM support_devices WHERE serial = ?`, []any{strings.ToUpper(strings.TrimSpace(serial))}
		if integ.ProviderID != nil {
			q, args = q+` AND provider_id = ?`, append(args, *integ.ProviderID)
		}
		err := tx.Get(ctx, &d, q, args...)
		if err := notFound(err, "device by serial"); err != nil {
			return err
		}
		id = d.ID
		now := s.now().UTC()
		upgradedAt := d.UpgradedAt
		if c.FirmwareVersion != d.FirmwareVersion {
			upgradedAt = &now
		}
		if _, err := tx.Exec(ctx, `UPDATE support_devices SET firmware_version = ?, upgrade_completed = ?, upgraded_at = ?,
			last_checkin_at = ?, updated_at = ? WHERE id = ?`, c.FirmwareVersion, completed, upgradedAt, now, now, d.ID); err != nil {
			return fmt.Errorf("check in: %w", err)
		}
		if integ.APITokenID == 0 {
			if _, err := tx.Exec(ctx, `UPDATE support_integrations SET last_used_at = ? WHERE id = ?`, now, integ.ID); err != nil {
				return fmt.Errorf("integration used: %w", err)
			}
		}
		return audit.Record(ctx, tx, now, auditCheckIn(integ, d, c.FirmwareVersion, completed))
	})
	if err != nil {
		return Device{}, err
	}
	return s.deviceByID(ctx, s.db, id)
}
