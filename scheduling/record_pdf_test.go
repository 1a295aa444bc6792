package scheduling_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/pdf"
	"posportal/internal/pdf/pdftest"
	"posportal/scheduling"
)

func TestInstallationRecordPDF(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	iu, _ := f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 2)
	p1, q1 := f.model(t, "P1", true), f.model(t, "Q1", false)
	start := at("2026-12-03", "10:00")
	ap, err := f.svc.Book(ctx, m, a.ID, scheduling.InstallationWithTraining, start, "ip")
	if err != nil {
		t.Fatal(err)
	}
	font := pdf.Embedded()
	if _, err := f.svc.InstallationRecordPDF(ctx, m, ap.ID, "zh-CN", font); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("record before completion: %v", err)
	}
	onSite := f.svc.WithClock(func() time.Time { return start.Add(20 * time.Minute) })
	if _, err := onSite.Complete(ctx, iu, ap.ID, scheduling.Completion{Devices: []scheduling.InstalledDevice{
		{Serial: "SN-REC-1", ModelID: p1, HardwareRevision: "A1", FirmwareVersion: "3.1.0"},
		{Serial: "SN-REC-2", ModelID: q1, HardwareRevision: "B2", FirmwareVersion: "2.0.7"}}, Checklist: allChecked()}, "ip"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []auth.User{m, iu, f.admin} {
		doc, err := f.svc.InstallationRecordPDF(ctx, who, ap.ID, "zh-CN", font)
		if err != nil {
			t.Fatalf("%s: %v", who.Role, err)
		}
		text := pdftest.Text(t, doc)
		if strings.Contains(text, "?") {
			t.Errorf("'?' in %s's record:\n%s", who.Role, text)
		}
		for _, want := range []string{"安装记录", scheduling.RecordID(ap.ID), m.Name, "世纪大道100号", "2026-12-03 10:00", iu.Name,
			"SN-REC-1", "SN-REC-2", "TestBrand P1", "TestBrand Q1", "A1", "B2", "3.1.0", "2.0.7", "小票打印", "商户签字确认", "2026-12-03 10:20"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s's record lacks %q:\n%s", who.Role, want, text)
			}
		}
	}
	en, err := f.svc.InstallationRecordPDF(ctx, m, ap.ID, "en", font)
	if err != nil {
		t.Fatalf("english record: %v", err)
	}
	// In English the merchant's own words (name, address) stay Chinese.
	if text := pdftest.Text(t, en); !strings.Contains(text, "Installation record") || !strings.Contains(text, "世纪大道100号") ||
		!strings.Contains(text, m.Name) || strings.Contains(text, "??") {
		t.Errorf("English record:\n%s", text)
	}
	other, _ := f.installer(t, 6, 9*60, 18*60, pudong)
	for _, who := range []auth.User{f.user(t, auth.Merchant), other} {
		if _, err := f.svc.InstallationRecordPDF(ctx, who, ap.ID, "zh-CN", font); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("%s outsider: %v", who.Role, err)
		}
	}
}
