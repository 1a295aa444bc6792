package support

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// RegisterInstalledTx registers a terminal an installer has just put into
// a merchant's shop, inside the caller's transaction (the installation's
// completion), so the device exists exactly when the visit is recorded as
// done. Serial uniqueness across the portal is enforced here, by the
// registry's UNIQUE constraint, and nowhere else: a reused serial is a 422
// on "serial". The merchant, model and provider are the caller's (the
// installation's application and its signed contract) and are checked by
// the table's foreign keys.
func RegisterInstalledTx(ctx context.Context, tx *db.Tx, now time.Time, n NewDevice) (int64, error) {
	n.normalize()
	f := map[string]string{}
	if !serialPattern.MatchString(n.Serial) {
		f["serial"] = "support.field.serial"
	}
	if n.FirmwareVersion != "" && !versionPattern.MatchString(n.FirmwareVersion) {
		f["firmware_version"] = "support.field.version"
	}
	if n.ProviderID <= 0 {
		f["provider_id"] = "support.field.choose"
	}
	if err := fieldsErr(f); err != nil {
		return 0, err
	}
	now = now.UTC()
	var id int64
	err := tx.Get(ctx, &id, `INSERT INTO support_devices (serial, merchant_id, model_id, hardware_revision,
		firmware_version, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.Serial, n.MerchantID, n.ModelID, n.HardwareRevision, n.FirmwareVersion, n.ProviderID, now, now)
	if db.IsUniqueViolation(err) {
		return 0, apperr.Fields(map[string]string{"serial": "support.field.serial_taken"})
	}
	if err != nil {
		return 0, fmt.Errorf("register installed device: %w", err)
	}
	return id, nil
}
