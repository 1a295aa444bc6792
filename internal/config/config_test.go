package config

import (
	"io"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsRunOutOfTheBox(t *testing.T) {
	c, err := Parse("serve", nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.DatabaseURL != "sqlite:data/portal.db" ||
		c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies || c.Production() {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	env := envOf(map[string]string{"PORTAL_ADDR": "0.0.0.0:9000", "PORTAL_DATABASE_URL": "postgres://db/portal", "PORTAL_BASE_URL": "https://pos.example.com/"})
	c, err := Parse("serve", []string{"--addr", "127.0.0.1:7000"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DatabaseURL != "postgres://db/portal" || c.BaseURL != "https://pos.example.com" || !c.SecureCookies {
		t.Fatalf("config = %+v", c)
	}
}

func TestProductionNeedsDataKeyAndSecureCookies(t *testing.T) {
	_, err := Parse("serve", nil, envOf(map[string]string{"PORTAL_ENV": "production"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "PORTAL_DATA_KEY") {
		t.Fatalf("err = %v", err)
	}
	c, err := Parse("serve", nil, envOf(map[string]string{"PORTAL_ENV": "production", "PORTAL_DATA_KEY": "k"}), io.Discard)
	if err != nil || !c.SecureCookies {
		t.Fatalf("production: %+v %v", c, err)
	}
	if _, err := Parse("serve", nil, envOf(map[string]string{"PORTAL_ENV": "staging"}), io.Discard); err == nil {
		t.Fatal("unknown env accepted")
	}
	if _, err := Parse("serve", nil, envOf(map[string]string{"PORTAL_SECURE_COOKIES": "maybe"}), io.Discard); err == nil {
		t.Fatal("bad bool accepted")
	}
}

func TestMetricsListenerDefaultsToLoopbackAndCanBeOff(t *testing.T) {
	c, err := Parse("serve", nil, envOf(nil), io.Discard)
	if err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Fatalf("default metrics addr %q, %v", c.MetricsAddr, err)
	}
	for _, off := range []string{"off", "OFF"} {
		c, err := Parse("serve", nil, envOf(map[string]string{"PORTAL_METRICS_ADDR": off}), io.Discard)
		if err != nil || c.MetricsAddr != "" {
			t.Fatalf("%s: %q, %v", off, c.MetricsAddr, err)
		}
	}
	c, err = Parse("serve", []string{"--metrics-addr="}, envOf(nil), io.Discard)
	if err != nil || c.MetricsAddr != "" {
		t.Fatalf("empty flag: %q, %v", c.MetricsAddr, err)
	}
}
