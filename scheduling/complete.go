package scheduling

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/onboarding"
	"posportal/support"
	"posportal/webhooks"
)

// InstalledDevice is one terminal as recorded at installation (§11).
type InstalledDevice struct {
	Serial           string `db:"serial" json:"serial"`
	ModelID          int64  `db:"model_id" json:"model_id"`
	HardwareRevision string `db:"hardware_revision" json:"hardware_revision"`
	FirmwareVersion  string `db:"firmware_version" json:"firmware_version"`
}

// Checklist is the on-site checklist (§11). ReceiptPrint is required only
// when a model installed has a printer.
type Checklist struct {
	PowerOn         bool `json:"power_on"`
	NetworkTest     bool `json:"network_test"`
	TestTransaction bool `json:"test_transaction"`
	ReceiptPrint    bool `json:"receipt_print"`
	MerchantSignoff bool `json:"merchant_signoff"`
}

// Completion is §11's complete body.
type Completion struct {
	Devices   []InstalledDevice `json:"devices"`
	Checklist Checklist         `json:"checklist"`
}

var serialPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{3,39}$`)

// earlyArrival is how long before the booked start an installer may
// already record the visit as done.
const earlyArrival = time.Hour

// Complete records a visit as done by its installer. For an installation
// every terminal (one row each, serials unique across the portal) and the
// checklist are required and the application moves to installed; a visit
// with training (or a training visit after the installation) then moves
// it to active. The terminals join support's device registry in the same
// transaction, with the provider of the signed contract's fee plan, so a
// completed installation and the merchant's devices never disagree.
func (s *Service) Complete(ctx context.Context, actor auth.User, id int64, c Completion, ip string) (Appointment, error) {
	if actor.Role != auth.Installer {
		return Appointment{}, apperr.ErrForbidden
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ap, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if ap.Status != StatusBooked {
			return &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.not_booked"}
		}
		now := s.now().UTC()
		if now.Before(ap.Start.Add(-earlyArrival)) {
			return &apperr.Error{Code: apperr.Conflict, Key: "scheduling.error.not_yet"}
		}
		if ap.Kind.installs() {
			if err := s.checkDevices(ctx, tx, &c, int(ap.TerminalCount)); err != nil {
				return err
			}
			ct, err := onboarding.SignedContractInTx(ctx, tx, ap.ApplicationID)
			if err != nil {
				return err
			}
			for _, d := range c.Devices {
				if _, err := support.RegisterInstalledTx(ctx, tx, now, support.NewDevice{Serial: d.Serial, MerchantID: ap.MerchantID,
					ModelID: d.ModelID, HardwareRevision: d.HardwareRevision, FirmwareVersion: d.FirmwareVersion,
					ProviderID: ct.Terms().Plan.ProviderID}); err != nil {
					return err
				}
			}
		}
		list, _ := json.Marshal(c)
		if _, err := tx.Exec(ctx, `INSERT INTO sched_completions (appointment_id, merchant_id, checklist, created_at) VALUES (?, ?, ?, ?)`,
			ap.ID, ap.MerchantID, string(list), now); err != nil {
			return fmt.Errorf("record completion: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE sched_appointments SET status = ?, completed_at = ?, sequence = sequence + 1, updated_at = ?
			WHERE id = ?`, StatusCompleted, now, now, ap.ID); err != nil {
			return fmt.Errorf("complete appointment: %w", err)
		}
		if err := s.withdrawReminders(ctx, tx, ap.ID); err != nil {
			return err
		}
		if ap.Kind.installs() {
			if _, err := s.onb.FireInTx(ctx, tx, ap.ApplicationID, onboarding.EvCompleteInstallation, actor, ip); err != nil {
				return err
			}
		}
		if ap.Kind.trains() {
			a, err := s.onb.LoadInTx(ctx, tx, ap.ApplicationID)
			if err != nil {
				return err
			}
			if a.Status == onboarding.Installed {
				if _, err := s.onb.FireInTx(ctx, tx, ap.ApplicationID, onboarding.EvCompleteTraining, actor, ip); err != nil {
					return err
				}
			}
		}
		if err := s.record(ctx, tx, actor, ip, "scheduling.appointment.complete", ap.ID, ap.MerchantID,
			map[string]any{"devices": len(c.Devices), "checklist": c.Checklist}); err != nil {
			return err
		}
		return s.emitAppointment(ctx, tx, webhooks.AppointmentCompleted, ap.ID)
	})
	if err != nil {
		return Appointment{}, err
	}
	return s.visible(ctx, s.db, actor, id)
}

// checkDevices validates the completion's devices and checklist.
func (s *Service) checkDevices(ctx context.Context, q db.Querier, c *Completion, terminals int) error {
	f := map[string]string{}
	if terminals < 1 {
		terminals = 1
	}
	if len(c.Devices) != terminals {
		f["devices"] = "scheduling.field.devices"
	}
	seen := map[string]bool{}
	printer := false
	for i := range c.Devices {
		d := &c.Devices[i]
		d.Serial = strings.ToUpper(strings.TrimSpace(d.Serial))
		d.HardwareRevision = strings.TrimSpace(d.HardwareRevision)
		d.FirmwareVersion = strings.TrimSpace(d.FirmwareVersion)
		if !serialPattern.MatchString(d.Serial) || seen[d.Serial] {
			f["serial"] = "scheduling.field.serial"
		}
		seen[d.Serial] = true
		var hasPrinter bool
		err := q.Get(ctx, &hasPrinter, `SELECT printer FROM catalog_models WHERE id = ?`, d.ModelID)
		if errors.Is(err, sql.ErrNoRows) {
			f["model_id"] = "scheduling.field.model"
			continue
		}
		if err != nil {
			return fmt.Errorf("device model: %w", err)
		}
		printer = printer || hasPrinter
	}
	k := c.Checklist
	if !k.PowerOn || !k.NetworkTest || !k.TestTransaction || !k.MerchantSignoff || (printer && !k.ReceiptPrint) {
		f["checklist"] = "scheduling.field.checklist"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	// Uniqueness across the portal is the registry's (support.RegisterInstalledTx).
	return nil
}
