package multiinstance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// buildPortal compiles cmd/portal once into a temp dir: the test runs the
// binary a bank would deploy, not the code in-process.
func buildPortal(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "portal")
	out, err := exec.Command("go", "build", "-o", bin, "posportal/cmd/portal").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// instance is one `portal serve` process with its own data dir and port.
type instance struct {
	name    string
	cmd     *exec.Cmd
	dataDir string
	url     string
	log     *syncBuffer
	exited  chan struct{}
}

// startInstances starts one `portal serve --demo` per name at the same
// moment, each with env plus its own PORTAL_DATA_DIR, a free port and
// perInstance[name], and waits until every one listens. env carries what
// the instances share (database, data key, bucket and its credentials).
func startInstances(t *testing.T, bin string, env map[string]string, perInstance map[string]map[string]string, names ...string) []*instance {
	t.Helper()
	var out []*instance
	for _, name := range names {
		in := &instance{name: name, dataDir: t.TempDir(), log: &syncBuffer{}, exited: make(chan struct{})}
		vars := map[string]string{"PORTAL_DATA_DIR": in.dataDir, "PORTAL_ADDR": "127.0.0.1:0", "PORTAL_METRICS_ADDR": "127.0.0.1:0", "PORTAL_LOG_LEVEL": "info"}
		for k, v := range env {
			vars[k] = v
		}
		for k, v := range perInstance[name] {
			vars[k] = v
		}
		in.cmd = exec.Command(bin, "serve", "--demo")
		in.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + t.TempDir()}
		for k, v := range vars {
			in.cmd.Env = append(in.cmd.Env, k+"="+v)
		}
		in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
		out = append(out, in)
	}
	for _, in := range out {
		if err := in.cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", in.name, err)
		}
		go func() { in.cmd.Wait(); close(in.exited) }()
		t.Cleanup(func() {
			in.cmd.Process.Signal(syscall.SIGCONT)
			in.cmd.Process.Kill()
			<-in.exited
			if t.Failed() {
				t.Logf("log of %s:\n%s", in.name, in.log.String())
			}
		})
	}
	addrRE := regexp.MustCompile(`"msg":"portal listening","addr":"([^"]+)"`)
	for _, in := range out {
		// Waiting for readiness, not timing it: two instances migrate and
		// seed on a loaded machine.
		deadline := time.Now().Add(3 * time.Minute)
		for in.url == "" {
			if m := addrRE.FindStringSubmatch(in.log.String()); m != nil {
				in.url = "http://" + m[1]
				break
			}
			select {
			case <-in.exited:
				t.Fatalf("%s exited during start-up: %v\n%s", in.name, in.cmd.ProcessState, in.log.String())
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not start:\n%s", in.name, in.log.String())
			}
		}
	}
	return out
}

// kill ends the process the hard way, as a crash or an OOM kill would:
// no shutdown, no cleanup, claims left as they were.
func (in *instance) kill(t *testing.T) {
	t.Helper()
	if err := in.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-in.exited
}

// pause and resume freeze the process (SIGSTOP/SIGCONT), so the other
// instance is the only one polling for work.
func (in *instance) pause(t *testing.T) {
	t.Helper()
	if err := in.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
}

func (in *instance) resume(t *testing.T) {
	t.Helper()
	if err := in.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
}

// call sends a JSON request to the instance, with the session cookie when
// one is given, and returns the status, the body and the session cookie
// the answer set (portal_session, if any).
func (in *instance) call(t *testing.T, method, path string, body any, session *http.Cookie) (int, []byte, *http.Cookie) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, in.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if session != nil {
		req.AddCookie(session)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s on %s: %v", method, path, in.name, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var set *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "portal_session" && c.Value != "" {
			set = c
		}
	}
	return res.StatusCode, b, set
}

// smtpServer is an SMTP server on loopback that records each message it
// accepts. With hang set it accepts connections and never answers, as a
// mail server would that an instance is stuck on when it dies.
type smtpServer struct {
	addr      string
	hang      atomic.Bool
	got       chan string   // each accepted message
	connected chan struct{} // each connection while hanging
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{addr: ln.Addr().String(), got: make(chan string, 64), connected: make(chan struct{}, 64)}
	var conns sync.WaitGroup
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close(); conns.Wait() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Go(func() {
				defer c.Close()
				if s.hang.Load() {
					s.connected <- struct{}{}
					<-done
					return
				}
				s.serve(c)
			})
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 test")
	var data strings.Builder
	inData := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if inData {
			if line == ".\r\n" {
				inData = false
				s.got <- data.String()
				data.Reset()
				say("250 queued")
			} else {
				data.WriteString(line)
			}
			continue
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case cmd == "DATA":
			inData = true
			say("354 go on")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// port is the server's port for PORTAL_SMTP_PORT.
func (s *smtpServer) port() string { _, p, _ := net.SplitHostPort(s.addr); return p }

// syncBuffer lets the test read a process's log while it writes.
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

// eventually polls cond until it holds; it waits for an outcome, it does
// not time one.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
	}
}
