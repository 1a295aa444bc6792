package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkLoginBurst measures issue 10's item 1 on the real binary with
// the production hashing policy: it builds cmd/portal (or runs
// PORTAL_BENCH_BINARY, e.g. an older build to compare), starts `portal
// serve` on SQLite in a child process, and per iteration sends 100
// concurrent logins from 100 loopback addresses (half unknown e-mails,
// half wrong passwords for a real merchant) while that merchant logs in
// with the right password from the address they used before, and another
// merchant logs in for the first time from a new address. It reports the
// child's peak RSS growth over the bursts (VmHWM from /proc) and each
// legitimate user's worst time to a successful login (following
// Retry-After on a 503).
//
//	go test -run '^$' -bench LoginBurst -benchtime 3x ./cmd/portal/
func BenchmarkLoginBurst(b *testing.B) {
	dir := b.TempDir()
	bin := os.Getenv("PORTAL_BENCH_BINARY")
	if bin == "" {
		bin = filepath.Join(dir, "portal")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("build: %v\n%s", err, out)
		}
	}
	addr := freeAddr(b)
	env := append(os.Environ(), "PORTAL_DATA_DIR="+dir, "PORTAL_ADDR="+addr, "PORTAL_LOG_LEVEL=error")
	portal := func(stdin string, args ...string) {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Stdin = env, strings.NewReader(stdin)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("portal %v: %v\n%s", args, err, out)
		}
	}
	portal("", "migrate")
	portal("correct horse 1\n", "user", "create", "--role", "merchant", "--email", "owner@example.com", "--phone", "13812345678")
	portal("lamp river copper 9\n", "user", "create", "--role", "merchant", "--email", "newcomer@example.com", "--phone", "13912345678")

	serve := exec.Command(bin, "serve")
	serve.Env = env
	if err := serve.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { serve.Process.Kill(); serve.Wait() })
	base := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("portal did not start")
		}
	}
	// Warm up: one real login, so the baseline includes one hash.
	if status, _ := burstLogin(base, "127.0.0.2", "owner@example.com", "correct horse 1"); status != http.StatusOK {
		b.Fatalf("warm-up login: %d", status)
	}
	before := vmKB(b, serve.Process.Pid, "VmHWM")

	var worstOwner, worstNewcomer time.Duration
	var growthKB int
	statuses := map[int]int{}
	b.ResetTimer()
	for n := range b.N {
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				email := fmt.Sprintf("ghost%d-%d@example.com", n, i)
				if i%2 == 1 {
					email = "owner@example.com"
				}
				<-start
				status, _ := burstLogin(base, fmt.Sprintf("127.0.%d.%d", 10+n, i+1), email, "wrong password")
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}()
		}
		// The owner signs in from the address they used before (the warm-up);
		// a newcomer signs in for the first time from a new address.
		var owner, newcomer time.Duration
		legit := func(d *time.Duration, from, email, password string) {
			defer wg.Done()
			<-start
			time.Sleep(20 * time.Millisecond) // arrive after the burst has begun
			t0 := time.Now()
			for try := 0; try < 10; try++ {
				status, retry := burstLogin(base, from, email, password)
				if status == http.StatusOK {
					*d = time.Since(t0)
					return
				}
				time.Sleep(retry)
			}
			*d = -1
		}
		wg.Add(2)
		go legit(&owner, "127.0.0.2", "owner@example.com", "correct horse 1")
		go legit(&newcomer, fmt.Sprintf("127.0.200.%d", n+1), "newcomer@example.com", "lamp river copper 9")
		close(start)
		wg.Wait()
		if owner < 0 || newcomer < 0 {
			b.Fatal("a legitimate login never succeeded")
		}
		worstOwner, worstNewcomer = max(worstOwner, owner), max(worstNewcomer, newcomer)
		growthKB = vmKB(b, serve.Process.Pid, "VmHWM") - before
	}
	b.StopTimer()
	b.ReportMetric(float64(growthKB)/1024, "peak-RSS-growth-MB")
	b.ReportMetric(float64(worstOwner.Milliseconds()), "owner-login-ms")
	b.ReportMetric(float64(worstNewcomer.Milliseconds()), "newcomer-login-ms")
	b.Logf("baseline VmHWM %d MB; burst answers %v", before/1024, statuses)
}

// burstLogin posts one API login from a chosen local address and returns
// the status and, for a 503 or 429, the Retry-After.
func burstLogin(base, from, email, password string) (int, time.Duration) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}, Timeout: 60 * time.Second}
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)
	req, _ := http.NewRequestWithContext(context.Background(), "POST", base+"/api/v1/session", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return 0, time.Second
	}
	defer res.Body.Close()
	secs, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	return res.StatusCode, time.Duration(max(secs, 1)) * time.Second
}

// vmKB reads a Vm* line (in kB) of /proc/PID/status.
func vmKB(tb testing.TB, pid int, field string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func freeAddr(tb testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
