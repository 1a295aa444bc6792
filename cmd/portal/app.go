package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/demo"
	"posportal/internal/jobs"
	"posportal/internal/pdf"
	"posportal/internal/secret"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/support"
)

// app is what every command needs: configuration, logger, database
// (migrated) and the data-encryption box.
type app struct {
	cfg  config.Config
	log  *slog.Logger
	db   *db.DB
	box  *secret.Box
	auth *auth.Service
	font *pdf.Font // every PDF's font: the embedded one or PORTAL_PDF_FONT
	onb  *onboarding.Service
	cal  *workcal.Service
	sup  *support.Service // devices, troubleshooting, tickets (§6)
	// worker is this instance as the shared job tables see it.
	worker jobs.Worker
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func openApp(ctx context.Context, cfg config.Config, stderr io.Writer) (*app, error) {
	log := newLogger(stderr, cfg.LogLevel)
	// Packages without a logger of their own (PDFs that print a character
	// as '?', the reminder outbox) log through the default: the same JSON.
	slog.SetDefault(log)
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	dk, err := dataKey(cfg, log)
	if err != nil {
		return nil, err
	}
	box, err := secret.NewBox(dk)
	if err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	a, err := auth.NewService(d, auth.DefaultPolicy(), nil)
	if err != nil {
		d.Close()
		return nil, err
	}
	cal := workcal.NewService(d, nil)
	// Instances started together write the built-in defaults one after
	// the other (here and below): the first inserts them, the others find
	// them there.
	var added int
	err = d.WithLock(ctx, "defaults", func(ctx context.Context) (err error) {
		added, err = cal.EnsureDefaults(ctx)
		return err
	})
	if err != nil {
		d.Close()
		return nil, err
	}
	if added > 0 {
		log.Info("built-in holiday calendar loaded", "days", added)
	}
	blobs, err := openBlobs(ctx, cfg, dk)
	if err != nil {
		d.Close()
		return nil, err
	}
	onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
	onb.SetCalendar(cal)
	// Rows from before account numbers were encrypted; needs the key, so
	// it runs here rather than in the SQL migrations.
	if apps, snaps, err := onb.SealClearAccounts(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("seal account numbers: %w", err)
	} else if apps+snaps > 0 {
		log.Info("settlement account numbers encrypted", "applications", apps, "snapshots", snaps)
	}
	if err := d.WithLock(ctx, "defaults", onb.EnsureRequirementDefaults); err != nil {
		d.Close()
		return nil, err
	}
	worker := jobs.NewWorker(cfg.JobLease)
	sup, err := newSupportService(d)
	if err != nil {
		d.Close()
		return nil, err
	}
	font, err := loadPDFFont(cfg, log)
	if err != nil {
		d.Close()
		return nil, err
	}
	sup.SetWorker(worker)
	return &app{cfg: cfg, log: log, db: d, box: box, auth: a, font: font, onb: onb, cal: cal, sup: sup, worker: worker}, nil
}

// loadPDFFont parses the font once for every PDF the portal renders: the
// embedded Noto Sans SC, or the PORTAL_PDF_FONT override. An override that
// cannot be used stops start-up rather than be silently ignored.
func loadPDFFont(cfg config.Config, log *slog.Logger) (*pdf.Font, error) {
	f := pdf.Embedded()
	if cfg.PDFFont != "" {
		var err error
		if f, err = pdf.LoadFont(cfg.PDFFont); err != nil {
			return nil, fmt.Errorf("PORTAL_PDF_FONT: %w", err)
		}
	}
	log.Info("PDF font loaded", "font", f.Source())
	return f, nil
}

func (a *app) close() { a.db.Close() }

func (a *app) demoServices() demo.Services {
	return demo.Services{Auth: a.auth, Onboarding: a.onb, Catalog: a.catalogService(), Support: a.sup, Scheduling: a.schedulingService(nil), PDFFont: a.font, DB: a.db}
}

// dataKey is the configured key, or in development one generated once
// into the data directory — with a warning, because losing that file makes
// every encrypted field and document unreadable.
func dataKey(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.DataKey != "" {
		k, err := secret.ParseKey(cfg.DataKey)
		if err != nil {
			return nil, fmt.Errorf("PORTAL_DATA_KEY: %w", err)
		}
		return k, nil
	}
	k, created, err := secret.LoadOrCreateKeyFile(cfg.KeyFile())
	if err != nil {
		return nil, fmt.Errorf("data key file: %w", err)
	}
	if created {
		log.Warn("generated a development data key; set PORTAL_DATA_KEY in production", "file", cfg.KeyFile())
	} else {
		log.Warn("using the development data key file; set PORTAL_DATA_KEY in production", "file", cfg.KeyFile())
	}
	return k, nil
}
