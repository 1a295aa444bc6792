package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"posportal/internal/auth"
	"posportal/internal/blob"
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
	font *pdf.Font // nil: no CJK font, PDFs fall back to Latin-only text
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
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	box, err := dataBox(cfg, log)
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
	blobs, err := blob.NewLocal(filepath.Join(cfg.DataDir, "documents"))
	if err != nil {
		d.Close()
		return nil, err
	}
	onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
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
	sup.SetWorker(worker)
	return &app{cfg: cfg, log: log, db: d, box: box, auth: a, font: loadPDFFont(cfg, log), onb: onb, cal: cal, sup: sup, worker: worker}, nil
}

// loadPDFFont reads the CJK font once for every PDF the portal renders. A
// portal without one still runs, but says loudly that Chinese text in PDFs
// will print as "?" and how to fix it.
func loadPDFFont(cfg config.Config, log *slog.Logger) *pdf.Font {
	path, ok := pdf.FindFont(cfg.PDFFont)
	if !ok {
		log.Warn("no CJK TrueType font found: Chinese text in PDF reports will show as '?'; install fonts-arphic-gbsn00lp or set PORTAL_PDF_FONT to a .ttf",
			"searched", append([]string{cfg.PDFFont}, pdf.SystemFontPaths...))
		return nil
	}
	f, err := pdf.LoadFont(path)
	if err != nil {
		log.Warn("CJK font unusable: Chinese text in PDF reports will show as '?'", "path", path, "error", err.Error())
		return nil
	}
	log.Info("PDF font loaded", "path", path)
	return f
}

func (a *app) close() { a.db.Close() }

func (a *app) demoServices() demo.Services {
	return demo.Services{Auth: a.auth, Onboarding: a.onb, Catalog: a.catalogService(), Support: a.sup, Scheduling: a.schedulingService(nil), PDFFont: a.font, DB: a.db}
}

// dataBox uses the configured key, or in development one generated once
// into the data directory — with a warning, because losing that file makes
// every encrypted field unreadable.
func dataBox(cfg config.Config, log *slog.Logger) (*secret.Box, error) {
	if cfg.DataKey != "" {
		k, err := secret.ParseKey(cfg.DataKey)
		if err != nil {
			return nil, fmt.Errorf("PORTAL_DATA_KEY: %w", err)
		}
		return secret.NewBox(k)
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
	return secret.NewBox(k)
}
