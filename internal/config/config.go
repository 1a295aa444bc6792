// Package config reads the portal's settings from PORTAL_* environment
// variables, with command-line flags overriding. Defaults run out of the
// box on a laptop; production must say so (PORTAL_ENV=production) and then
// has to supply its secrets.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/url"
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
	// BlobURL is where documents and generated PDFs are kept (SPEC §13):
	// file:///abs/path or s3://BUCKET[/PREFIX]?endpoint=…&region=…;
	// default a directory in DataDir.
	BlobURL string
	// BlobKey is the data key that wraps new objects' keys; default the
	// data key. BlobOldKeys, comma-separated, are earlier blob keys still
	// accepted for reading until `portal keys rotate` has re-wrapped
	// everything (see docs/DEPLOYMENT.md).
	BlobKey     string
	BlobOldKeys string
	// Getenv is the environment the settings came from, for libraries
	// configured by their own standard variables (the AWS_* credentials).
	Getenv func(string) string
	Cluster
	// MetricsAddr is the separate listener for Prometheus /metrics, kept
	// off the public application listener; "" disables it.
	MetricsAddr string
	Webhooks
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
	fs.StringVar(&c.BlobURL, "blob-url", env("PORTAL_BLOB_URL"), "document store: file:///abs/path or s3://BUCKET[/PREFIX]?endpoint=…&region=… with AWS_* credentials; default DATA_DIR/documents (PORTAL_BLOB_URL)")
	fs.StringVar(&c.BlobKey, "blob-key", env("PORTAL_BLOB_KEY"), "32-byte key wrapping new documents' keys, hex or base64; default the data key (PORTAL_BLOB_KEY)")
	fs.StringVar(&c.BlobOldKeys, "blob-old-keys", env("PORTAL_BLOB_OLD_KEYS"), "comma-separated earlier blob keys, still read (PORTAL_BLOB_OLD_KEYS)")
	c.Getenv = env
	finishCluster := clusterFlags(fs, env, &c.Cluster)
	finishWebhooks := webhookFlags(fs, env, &c.Webhooks)
	return func() (Config, error) {
		if err := finishCluster(); err != nil {
			return Config{}, err
		}
		if err := finishWebhooks(); err != nil {
			return Config{}, err
		}
		if c.Env != "development" && c.Env != "production" {
			return Config{}, fmt.Errorf("env must be development or production, got %q", c.Env)
		}
		if c.DatabaseURL == "" {
			c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "portal.db")
		}
		if c.BlobURL == "" {
			dir, err := filepath.Abs(filepath.Join(c.DataDir, "documents"))
			if err != nil {
				return Config{}, fmt.Errorf("data dir: %w", err)
			}
			c.BlobURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
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
