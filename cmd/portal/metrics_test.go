package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startServe runs `portal serve` until the test ends and returns the
// values of the named address fields once the server logged them, and the log.
func startServe(t *testing.T, env func(string) string, fields ...string) (map[string]string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, strings.NewReader(""), io.Discard, logs) }()
	t.Cleanup(func() { cancel(); <-done })
	found := map[string]string{}
	// Waiting for readiness, not timing it.
	for deadline := time.Now().Add(90 * time.Second); len(found) < len(fields); time.Sleep(20 * time.Millisecond) {
		for _, f := range fields {
			if m := regexp.MustCompile(`"` + f + `":"([^"]+)"`).FindStringSubmatch(logs.String()); m != nil {
				found[f] = m[1]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", logs.String())
		}
	}
	return found, logs
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// /metrics is served on its own listener only; the public application
// listener answers 404 for it.
func TestMetricsOnlyOnTheMetricsListener(t *testing.T) {
	env := testEnv(t, "PORTAL_ADDR", "127.0.0.1:0", "PORTAL_LOG_LEVEL", "info")
	addrs, _ := startServe(t, env, "addr", "metrics_addr")
	app, metrics := "http://"+addrs["addr"], "http://"+addrs["metrics_addr"]
	if app == metrics {
		t.Fatal("one listener for both")
	}
	if code, _ := get(t, app+"/healthz"); code != http.StatusOK {
		t.Fatalf("healthz %d", code)
	}
	if code, _ := get(t, app+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("app listener /metrics = %d, want 404", code)
	}
	code, body := get(t, metrics+"/metrics")
	if code != http.StatusOK || !strings.Contains(body, "# TYPE portal_http_requests_total counter") ||
		!strings.Contains(body, `portal_http_requests_total{method="GET",route="/healthz",status="200"} 1`) {
		t.Fatalf("metrics listener: %d %.600s", code, body)
	}
	if code, _ := get(t, metrics+"/healthz"); code != http.StatusNotFound {
		t.Fatalf("metrics listener serves the app: %d", code)
	}
}

func TestMetricsListenerCanBeTurnedOff(t *testing.T) {
	env := testEnv(t, "PORTAL_ADDR", "127.0.0.1:0", "PORTAL_LOG_LEVEL", "info", "PORTAL_METRICS_ADDR", "off")
	addrs, logs := startServe(t, env, "addr")
	if !strings.Contains(logs.String(), "metrics listener disabled") || strings.Contains(logs.String(), "metrics_addr") {
		t.Fatalf("metrics listener not off: %s", logs.String())
	}
	if code, _ := get(t, "http://"+addrs["addr"]+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("app listener /metrics = %d, want 404", code)
	}
}
