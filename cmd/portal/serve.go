package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"posportal/internal/config"
	"posportal/internal/demo"
	"posportal/internal/web"
)

func serve(ctx context.Context, args []string, env func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := config.FlagSet(fs, env)
	withDemo := fs.Bool("demo", false, "seed demo accounts and sample data (refused in production)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := finish()
	if err != nil {
		return err
	}
	if *withDemo && cfg.Production() {
		return errors.New("--demo is refused in production")
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if *withDemo {
		n, err := demo.Seed(ctx, a.demoServices())
		if err != nil {
			return err
		}
		a.log.Info("demo data ready", "accounts_created", n, "password", demo.Password)
	}
	sched := a.schedulingService(env)
	wh := a.webhooksService()
	h, err := web.New(web.Deps{Config: cfg, DB: a.db, Auth: a.auth, Onboarding: a.onb, Calendar: a.cal, Log: a.log, PDFFont: a.font, Catalog: a.catalogService(), QuoteProfiles: a.onb, Scheduling: sched, Support: a.sup, Webhooks: wh})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := h.HTTPServer()
	stopMetrics, err := serveMetrics(cfg.MetricsAddr, h, a)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopMetrics()
	a.log.Info("portal listening", "addr", ln.Addr().String(), "url", cfg.BaseURL, "database", string(a.db.Dialect), "env", cfg.Env)
	stopReminders := a.startReminders(sched)
	defer stopReminders()
	stopWatch := a.startRegressionWatch()
	defer stopWatch()
	stopWebhooks := a.startWebhooks(wh)
	defer stopWebhooks()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Drain in-flight requests; new connections are refused from here on.
	a.log.Info("shutting down, draining requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.log.Info("stopped")
	return nil
}

// serveMetrics serves /metrics on its own listener, so the application
// listener (public behind the load balancer) never exposes it. An empty
// addr disables it.
func serveMetrics(addr string, h *web.Server, a *app) (stop func(), err error) {
	if addr == "" {
		a.log.Info("metrics listener disabled")
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	srv := &http.Server{Handler: h.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	go srv.Serve(ln)
	a.log.Info("metrics listening", "metrics_addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}
