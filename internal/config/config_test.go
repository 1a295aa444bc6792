package config

import (
	"io"
	"strings"
	"testing"
	"time"
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

func TestBlobStoreSettings(t *testing.T) {
	c, err := Parse("serve", []string{"--data-dir", "/srv/portal"}, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.BlobURL != "file:///srv/portal/documents" || c.BlobKey != "" || c.BlobOldKeys != "" {
		t.Errorf("defaults: %q %q %q", c.BlobURL, c.BlobKey, c.BlobOldKeys)
	}
	env := envOf(map[string]string{
		"PORTAL_BLOB_URL":      "s3://docs/portal?endpoint=http://127.0.0.1:7070&region=us-east-1",
		"PORTAL_BLOB_KEY":      "new",
		"PORTAL_BLOB_OLD_KEYS": "old1,old2",
		"AWS_ACCESS_KEY_ID":    "id",
	})
	c, err = Parse("serve", nil, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.BlobURL != "s3://docs/portal?endpoint=http://127.0.0.1:7070&region=us-east-1" || c.BlobKey != "new" || c.BlobOldKeys != "old1,old2" {
		t.Errorf("from env: %+v", c)
	}
	if c.Getenv("AWS_ACCESS_KEY_ID") != "id" {
		t.Error("the AWS credentials are not reachable through Getenv")
	}
}

func TestClusterSettings(t *testing.T) {
	c, err := Parse("serve", nil, envOf(nil), io.Discard)
	if err != nil || len(c.TrustedProxies) != 0 || c.JobPoll != time.Minute || c.JobLease != 2*time.Minute {
		t.Fatalf("defaults: %+v %v", c.Cluster, err)
	}
	env := envOf(map[string]string{"PORTAL_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,fd00::/8", "PORTAL_JOB_POLL": "5s", "PORTAL_JOB_LEASE": "30s"})
	c, err = Parse("serve", nil, env, io.Discard)
	if err != nil || strings.Join(c.TrustedProxies, "|") != "10.0.0.0/8|192.168.1.7|fd00::/8" || c.JobPoll != 5*time.Second || c.JobLease != 30*time.Second {
		t.Fatalf("cluster: %+v %v", c.Cluster, err)
	}
	for k, v := range map[string]string{"PORTAL_TRUSTED_PROXIES": "10.0.0.0/33", "PORTAL_JOB_POLL": "soon", "PORTAL_JOB_LEASE": "1s"} {
		if _, err := Parse("serve", nil, envOf(map[string]string{k: v}), io.Discard); err == nil {
			t.Errorf("%s=%q accepted", k, v)
		}
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
