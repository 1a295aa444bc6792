package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// limitedPortal serves the portal through its own http.Server (the one
// `portal serve` runs) with limits small enough for a test: 0.5 s grace,
// then 1 KiB/s.
func limitedPortal(t *testing.T) (*testPortal, string) {
	t.Helper()
	p := newTestPortal(t, nil)
	p.srv.Limits = ServerLimits{
		ReadHeaderTimeout: 500 * time.Millisecond, WriteTimeout: 30 * time.Second,
		IdleTimeout: 500 * time.Millisecond, MaxHeaderBytes: 8 << 10,
		BodyRate: BodyRate{Grace: 500 * time.Millisecond, MinBytesPerSecond: 1 << 10, Longest: time.Minute},
	}
	hs := p.srv.HTTPServer()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return p, ln.Addr().String()
}

// dialRaw opens a TCP connection that fails the test instead of hanging.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	t.Cleanup(func() { conn.Close() })
	return conn
}

// trickle writes body one byte per gap until it is written or the server
// stops reading, and reports how many bytes went out.
func trickle(conn net.Conn, body string, gap time.Duration) <-chan int {
	sent := make(chan int, 1)
	go func() {
		n := 0
		for ; n < len(body); n++ {
			if _, err := conn.Write([]byte{body[n]}); err != nil {
				break
			}
			time.Sleep(gap)
		}
		sent <- n
	}()
	return sent
}

// wantCut reads the server's answer to a too-slow body: 408, the §8 error
// shape on the API, and the connection closed after it.
func wantCut(t *testing.T, conn net.Conn, api bool) {
	t.Helper()
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to a trickling body: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout || !res.Close {
		t.Fatalf("status %d, close %v; body %.300s", res.StatusCode, res.Close, body)
	}
	if api {
		var e apiErr
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != "request_timeout" || e.Error.Message == "" {
			t.Fatalf("408 body %s", body)
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("connection still open after 408: %v", err)
	}
}

const loginBody = `{"email":"shop@example.com","password":"not the password"}`

func loginHead(length int) string {
	return "POST /api/v1/session HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(length) + "\r\n\r\n"
}

func TestTricklingJSONBodyIsCut(t *testing.T) {
	_, addr := limitedPortal(t)
	conn := dialRaw(t, addr)
	fmt.Fprint(conn, loginHead(len(loginBody)))
	sent := trickle(conn, loginBody, 50*time.Millisecond) // 20 B/s
	wantCut(t, conn, true)
	if n := <-sent; n == len(loginBody) {
		t.Fatal("the whole body was read at 20 B/s")
	}
}

func TestStalledBodyIsCut(t *testing.T) {
	_, addr := limitedPortal(t)
	conn := dialRaw(t, addr)
	fmt.Fprint(conn, loginHead(len(loginBody))+loginBody[:10])
	wantCut(t, conn, true)
}

// The document upload, the case that matters: the upload handler sees the
// cut as an error and the client gets 408.
func TestTricklingUploadIsCut(t *testing.T) {
	p, addr := limitedPortal(t)
	m := p.client(t)
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
	ct, body := multipartBody(t, "business_license", "licence.png", testPNG())

	conn := dialRaw(t, addr)
	fmt.Fprintf(conn, "POST /api/v1/applications/%d/documents HTTP/1.1\r\nHost: portal\r\nCookie: %s=%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		app.ID, sessionCookie, m.cookie(sessionCookie).Value, ct, body.Len())
	trickle(conn, body.String(), 20*time.Millisecond) // 50 B/s
	wantCut(t, conn, true)

	var docs struct{ Documents []any }
	m.get(fmt.Sprintf("/api/v1/applications/%d/documents", app.ID)).wantStatus(t, http.StatusOK).decode(t, &docs)
	if len(docs.Documents) != 0 {
		t.Fatalf("a cut upload was stored: %+v", docs)
	}
}

// A slow link above the minimum rate is served, even past the grace period.
func TestSlowButSteadyBodyIsServed(t *testing.T) {
	_, addr := limitedPortal(t)
	body := `{"email":"shop@example.com",` + strings.Repeat(" ", 4<<10) + `"password":"not the password"}`
	conn := dialRaw(t, addr)
	fmt.Fprint(conn, loginHead(len(body)))
	go func() {
		for i := 0; i < len(body); i += 256 { // 256 B per 50 ms: 5 KiB/s for about 0.8 s
			conn.Write([]byte(body[i:min(i+256, len(body))]))
			time.Sleep(50 * time.Millisecond)
		}
	}()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("steady body: %d, want the login's own 401", res.StatusCode)
	}
}

func TestSlowHeadersAndIdleConnectionsAreClosed(t *testing.T) {
	_, addr := limitedPortal(t)
	conn := dialRaw(t, addr)
	fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: portal\r\n") // and never the blank line
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("slow headers: connection not closed by the server: %v", err)
	}

	idle := dialRaw(t, addr)
	fmt.Fprint(idle, "GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
	br := bufio.NewReader(idle)
	res, err := http.ReadResponse(br, nil)
	if err != nil || res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("keep-alive request: %v %+v", err, res)
	}
	io.Copy(io.Discard, res.Body)
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("idle keep-alive connection not closed: %v", err)
	}

	big := dialRaw(t, addr)
	fmt.Fprintf(big, "GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Pad: %s\r\n\r\n", strings.Repeat("a", 64<<10))
	res, err = http.ReadResponse(bufio.NewReader(big), nil)
	if err != nil || res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("64 KiB of headers: %v %+v", err, res)
	}
}
