package scheduling

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/i18n"
	"posportal/internal/pdf"
	"posportal/internal/shanghai"
)

// InstallationRecord is what the installation record PDF states.
type InstallationRecord struct {
	RecordID     string
	MerchantName string
	Appointment  Appointment
	Devices      []RecordedDevice
	Checklist    Checklist
	CompletedAt  time.Time
}

// RecordedDevice is an installed terminal with its model's name.
type RecordedDevice struct {
	InstalledDevice
	ModelName string
}

// RecordID names the installation record of appointment id.
func RecordID(id int64) string { return fmt.Sprintf("INST-%06d", id) }

// InstallationRecord loads the record of a completed installation for
// the merchant, the installer who did it, or an admin; anyone else, and
// an appointment that is not a completed installation, get ErrNotFound.
func (s *Service) InstallationRecord(ctx context.Context, actor auth.User, id int64) (InstallationRecord, error) {
	ap, err := s.visible(ctx, s.db, actor, id)
	if err != nil {
		return InstallationRecord{}, err
	}
	if ap.Status != StatusCompleted || !ap.Kind.installs() || ap.CompletedAt == nil {
		return InstallationRecord{}, apperr.ErrNotFound
	}
	r := InstallationRecord{RecordID: RecordID(ap.ID), Appointment: ap, CompletedAt: *ap.CompletedAt}
	if err := s.db.Get(ctx, &r.MerchantName, `SELECT name FROM users WHERE id = ?`, ap.MerchantID); err != nil {
		return InstallationRecord{}, fmt.Errorf("record merchant: %w", err)
	}
	var raw string
	if err := s.db.Get(ctx, &raw, `SELECT checklist FROM sched_completions WHERE appointment_id = ?`, ap.ID); err != nil {
		return InstallationRecord{}, fmt.Errorf("record completion: %w", err)
	}
	var c Completion
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return InstallationRecord{}, fmt.Errorf("record completion %d: %w", ap.ID, err)
	}
	r.Checklist = c.Checklist
	for _, d := range c.Devices {
		rd := RecordedDevice{InstalledDevice: d}
		if err := s.db.Get(ctx, &rd.ModelName, `SELECT b.name || ' ' || m.name FROM catalog_models m
			JOIN catalog_brands b ON b.id = m.brand_id WHERE m.id = ?`, d.ModelID); err != nil {
			return InstallationRecord{}, fmt.Errorf("record model: %w", err)
		}
		r.Devices = append(r.Devices, rd)
	}
	return r, nil
}

// InstallationRecordPDF renders the record in lang; font may be nil
// (Latin-only fallback).
func (s *Service) InstallationRecordPDF(ctx context.Context, actor auth.User, id int64, lang string, font *pdf.Font) ([]byte, error) {
	r, err := s.InstallationRecord(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return RenderInstallationRecord(r, lang, font, s.now())
}

// RenderInstallationRecord lays out an installation record.
func RenderInstallationRecord(r InstallationRecord, lang string, font *pdf.Font, now time.Time) ([]byte, error) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	stamp := func(x time.Time) string { return x.In(shanghai.Location).Format("2006-01-02 15:04") }
	ap := r.Appointment
	doc := pdf.New(font, pdf.Meta{Title: t("record.title"), DocumentID: r.RecordID, Lang: lang, PortalName: t("app.name"), GeneratedAt: now})
	doc.Heading(t("record.title"))
	doc.KeyValues(
		pdf.KV{Key: t("record.id"), Value: r.RecordID},
		pdf.KV{Key: t("record.merchant"), Value: r.MerchantName},
		pdf.KV{Key: t("record.shop"), Value: ap.ShopName},
		pdf.KV{Key: t("record.address"), Value: ap.District + " " + ap.Address},
		pdf.KV{Key: t("record.kind"), Value: t("scheduling.kind." + string(ap.Kind))},
		pdf.KV{Key: t("record.appointment"), Value: stamp(ap.Start) + " – " + ap.End.In(shanghai.Location).Format("15:04")},
		pdf.KV{Key: t("record.installer"), Value: ap.InstallerName},
		pdf.KV{Key: t("record.completed"), Value: stamp(r.CompletedAt)},
	)
	doc.Heading(t("record.terminals"))
	rows := make([][]string, len(r.Devices))
	for i, d := range r.Devices {
		rows[i] = []string{d.Serial, d.ModelName, dash(d.HardwareRevision), dash(d.FirmwareVersion)}
	}
	doc.Table([]pdf.Column{{Header: t("record.serial")}, {Header: t("record.model")}, {Header: t("record.hardware")},
		{Header: t("record.firmware")}}, rows)
	doc.Heading(t("record.checklist"))
	yes := func(b bool) string {
		if b {
			return t("record.done")
		}
		return t("record.not_done")
	}
	k := r.Checklist
	doc.Table([]pdf.Column{{Header: t("record.check")}, {Header: t("record.result"), Width: 40}}, [][]string{
		{t("record.check.power_on"), yes(k.PowerOn)},
		{t("record.check.network_test"), yes(k.NetworkTest)},
		{t("record.check.test_transaction"), yes(k.TestTransaction)},
		{t("record.check.receipt_print"), yes(k.ReceiptPrint)},
		{t("record.check.merchant_signoff"), yes(k.MerchantSignoff)},
	})
	return doc.Bytes()
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
