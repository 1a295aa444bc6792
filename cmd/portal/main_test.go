package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// testEnv is a fresh data dir with SQLite, as a newcomer's first run.
func testEnv(t *testing.T, extra ...string) func(string) string {
	dir := t.TempDir()
	vars := map[string]string{"PORTAL_DATA_DIR": dir, "PORTAL_LOG_LEVEL": "warn", "PORTAL_METRICS_ADDR": "127.0.0.1:0"}
	for i := 0; i+1 < len(extra); i += 2 {
		vars[extra[i]] = extra[i+1]
	}
	return func(k string) string { return vars[k] }
}

func runOK(t *testing.T, env func(string) string, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, env, strings.NewReader(stdin), &out, &errb); err != nil {
		t.Fatalf("portal %v: %v\nstderr: %s", args, err, errb.String())
	}
	return out.String()
}

func TestSeedDemoTwiceChangesNothing(t *testing.T) {
	env := testEnv(t)
	runOK(t, env, "", "migrate")
	if out := runOK(t, env, "", "seed", "--demo"); !strings.Contains(out, "5 accounts created") {
		t.Fatalf("first seed: %s", out)
	}
	if out := runOK(t, env, "", "seed", "--demo"); !strings.Contains(out, "0 accounts created") {
		t.Fatalf("second seed: %s", out)
	}
}

func TestUserCreateReadsPasswordFromStdin(t *testing.T) {
	env := testEnv(t)
	out := runOK(t, env, "a long admin password\n", "user", "create", "--role", "admin", "--email", "ops@bank.example")
	if !strings.Contains(out, "created admin ops@bank.example") {
		t.Fatalf("out = %s", out)
	}
	var errb bytes.Buffer
	err := run(context.Background(), []string{"user", "create", "--role", "reviewer", "--email", "r@bank.example"}, env, strings.NewReader("short\n"), io.Discard, &errb)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("short password accepted: %v", err)
	}
	err = run(context.Background(), []string{"user", "create", "--role", "boss", "--email", "b@bank.example"}, env, strings.NewReader("long enough password\n"), io.Discard, &errb)
	if err == nil || !strings.Contains(err.Error(), "role") {
		t.Fatalf("unknown role accepted: %v", err)
	}
}

func TestProductionRefusesDemoAndNeedsKey(t *testing.T) {
	var errb bytes.Buffer
	err := run(context.Background(), []string{"serve"}, testEnv(t, "PORTAL_ENV", "production"), strings.NewReader(""), io.Discard, &errb)
	if err == nil || !strings.Contains(err.Error(), "PORTAL_DATA_KEY") {
		t.Fatalf("production without key: %v", err)
	}
	key := strings.Repeat("ab", 32)
	err = run(context.Background(), []string{"seed", "--demo"}, testEnv(t, "PORTAL_ENV", "production", "PORTAL_DATA_KEY", key), strings.NewReader(""), io.Discard, &errb)
	if err == nil || !strings.Contains(err.Error(), "refused in production") {
		t.Fatalf("production demo seed: %v", err)
	}
}

// syncBuffer lets the test read the server's log while it writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The shutdown signal arrives while a request is still uploading its body;
// that request must complete before serve returns.
func TestServeDrainsInFlightRequestsOnShutdown(t *testing.T) {
	env := testEnv(t, "PORTAL_ADDR", "127.0.0.1:0", "PORTAL_LOG_LEVEL", "info")
	runOK(t, env, "merchant password 1\n", "user", "create", "--role", "merchant", "--email", "shop@example.com", "--phone", "13812345678")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, strings.NewReader(""), io.Discard, logs) }()

	addrRE := regexp.MustCompile(`"addr":"([^"]+)"`)
	var addr string
	// Waiting for readiness, not timing it: a loaded CI machine under -race
	// may take a while to migrate.
	for deadline := time.Now().Add(90 * time.Second); addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", logs.String())
		}
	}

	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/session", pr)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		status int
		body   string
		err    error
	}
	resc := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			resc <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		resc <- result{status: res.StatusCode, body: string(b)}
	}()
	fmt.Fprint(pw, `{"email":"shop@example.com",`)
	time.Sleep(200 * time.Millisecond) // the request is now in the handler, reading its body

	cancel()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "shutting down"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no shutdown log")
		}
	}
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	fmt.Fprint(pw, `"password":"merchant password 1"}`)
	pw.Close()

	r := <-resc
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("in-flight request: %v %d %s", r.err, r.status, r.body)
	}
	var me struct{ Role string }
	json.Unmarshal([]byte(r.body), &me)
	if me.Role != "merchant" {
		t.Fatalf("body %s", r.body)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Fatalf("no stopped log: %s", logs.String())
	}
}
