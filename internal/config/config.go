// Package config reads the portal's settings from PORTAL_* environment
// variables, with command-line flags overriding. Defaults run out of the
// box on a laptop; production must say so (PORTAL_ENV=production) and then
// has to supply its secrets.
package config

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is passed down explicitly; there is no global.
type Config struct {
	Env           string // development | production
	Addr          string
	DataDir       string
	DatabaseURL   string
	BaseURL       string
	SecureCookies bool
	DataKey       string // hex or base64; empty in development → key file in DataDir
	PDFFont       string
	Demo          bool
	LogLevel      string
	// MetricsAddr is the separate listener for Prometheus /metrics, kept
	// off the public application listener; "" disables it.
	MetricsAddr string
}

// Production reports whether the portal runs with production safeguards.
func (c Config) Production() bool { return c.Env == "production" }

// KeyFile is where a development data key is generated.
func (c Config) KeyFile() string { return filepath.Join(c.DataDir, "data.key") }

// FlagSet registers the shared flags on fs, defaulting from env, and returns
// a function that finalises the Config after fs.Parse.
func FlagSet(fs *flag.FlagSet, env func(string) string) func() (Config, error) {
	get := func(k, def string) string {
		if v := env(k); v != "" {
			return v
		}
		return def
	}
	c := &Config{}
	fs.StringVar(&c.Env, "env", get("PORTAL_ENV", "development"), "development or production (PORTAL_ENV)")
	fs.StringVar(&c.Addr, "addr", get("PORTAL_ADDR", "127.0.0.1:8080"), "listen address (PORTAL_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", get("PORTAL_DATA_DIR", "./data"), "data directory (PORTAL_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("PORTAL_DATABASE_URL"), "postgres://… or sqlite:PATH; default SQLite in the data dir (PORTAL_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("PORTAL_BASE_URL"), "public URL, e.g. https://pos.example.com (PORTAL_BASE_URL)")
	secure := get("PORTAL_SECURE_COOKIES", "")
	fs.StringVar(&secure, "secure-cookies", secure, "true to mark cookies Secure; default true in production (PORTAL_SECURE_COOKIES)")
	fs.StringVar(&c.DataKey, "data-key", env("PORTAL_DATA_KEY"), "32-byte AES key, hex or base64 (PORTAL_DATA_KEY)")
	fs.StringVar(&c.PDFFont, "pdf-font", env("PORTAL_PDF_FONT"), "TrueType CJK font for PDFs (PORTAL_PDF_FONT)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", get("PORTAL_METRICS_ADDR", "127.0.0.1:9090"), `listen address for /metrics, "off" to disable (PORTAL_METRICS_ADDR)`)
	fs.StringVar(&c.LogLevel, "log-level", get("PORTAL_LOG_LEVEL", "info"), "debug, info, warn or error (PORTAL_LOG_LEVEL)")
	return func() (Config, error) {
		if c.Env != "development" && c.Env != "production" {
			return Config{}, fmt.Errorf("env must be development or production, got %q", c.Env)
		}
		if c.DatabaseURL == "" {
			c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "portal.db")
		}
		if strings.EqualFold(c.MetricsAddr, "off") {
			c.MetricsAddr = ""
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
		if c.BaseURL == "" {
			c.BaseURL = "http://" + c.Addr
		}
		switch secure {
		case "":
			c.SecureCookies = c.Production() || strings.HasPrefix(c.BaseURL, "https://")
		default:
			v, err := strconv.ParseBool(secure)
			if err != nil {
				return Config{}, fmt.Errorf("secure-cookies: %w", err)
			}
			c.SecureCookies = v
		}
		if c.Production() && c.DataKey == "" {
			return Config{}, fmt.Errorf("PORTAL_DATA_KEY is required in production")
		}
		return *c, nil
	}
}

// Parse is FlagSet + fs.Parse for commands with no flags of their own.
func Parse(name string, args []string, env func(string) string, stderr io.Writer) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := FlagSet(fs, env)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	return finish()
}
