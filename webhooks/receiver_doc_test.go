package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// The function between the markers is printed in docs/WEBHOOKS.md for
// receivers to copy; TestDocumentedVerifierIsTheTestedOne keeps the two
// identical.

// doc:begin
// verifyPortalSignature reports whether body was signed by the portal
// with secret, no more than tolerance ago (Portal-Signature: t=…,v1=…).
func verifyPortalSignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if age := now.Sub(time.Unix(sec, 0)); age > tolerance || age < -tolerance {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return true
		}
	}
	return false
}

// doc:end

func documentedSnippet(t *testing.T, lang string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "WEBHOOKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```"+lang+"\n")
	if !ok {
		t.Fatalf("docs/WEBHOOKS.md has no %s snippet", lang)
	}
	block, _, _ := strings.Cut(rest, "```")
	return block
}

// TestDocumentedVerifierIsTheTestedOne: the Go snippet in the docs is this
// file's verifier, character for character.
func TestDocumentedVerifierIsTheTestedOne(t *testing.T) {
	src, err := os.ReadFile("receiver_doc_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "// doc:begin\n")
	fn, _, _ := strings.Cut(rest, "\n// doc:end")
	if !strings.Contains(documentedSnippet(t, "go"), fn) {
		t.Fatal("docs/WEBHOOKS.md's Go snippet differs from verifyPortalSignature in receiver_doc_test.go")
	}
}

// TestDocumentedReceiverVerifiesRealDeliveries runs the documented
// verifier (Go, and Python when python3 is installed) as a receiver would,
// on what the delivery worker really sends, and on a tampered copy.
func TestDocumentedReceiverVerifiesRealDeliveries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false)
		var verified, refused atomic.Int32
		var secret atomic.Value
		var lastBody, lastSig atomic.Value
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
			lastBody.Store(body)
			lastSig.Store(r.Header.Get("Portal-Signature"))
			if !verifyPortalSignature(secret.Load().(string), r.Header.Get("Portal-Signature"), body, f.clock.now(), 5*time.Minute) {
				refused.Add(1)
				http.Error(w, "bad signature", http.StatusBadRequest)
				return
			}
			verified.Add(1)
		}))
		defer rcv.Close()
		_, sec, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.opened"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		secret.Store(sec)
		f.emit(t, TicketOpened, map[string]any{"id": 1, "summary": "刷卡无反应"})
		deliverDue(t, s)
		if verified.Load() != 1 || refused.Load() != 0 {
			t.Fatalf("verified %d, refused %d", verified.Load(), refused.Load())
		}
		body, sig := lastBody.Load().([]byte), lastSig.Load().(string)
		tampered := []byte(strings.Replace(string(body), "刷卡", "扫码", 1))
		if verifyPortalSignature(sec, sig, tampered, f.clock.now(), 5*time.Minute) {
			t.Fatal("tampered body verifies")
		}
		if verifyPortalSignature(sec, sig, body, f.clock.now().Add(10*time.Minute), 5*time.Minute) {
			t.Fatal("a signature older than the tolerance verifies")
		}

		py, err := exec.LookPath("python3")
		if err != nil {
			t.Log("python3 not installed; the Python snippet is not run")
			return
		}
		script := documentedSnippet(t, "python") + `
import sys
body = open(sys.argv[3], "rb").read()
print(verify_portal_signature(sys.argv[1], sys.argv[2], body, now=int(sys.argv[4])))
`
		dir := t.TempDir()
		for name, b := range map[string][]byte{"good": body, "bad": tampered} {
			path := filepath.Join(dir, name)
			os.WriteFile(path, b, 0o600)
			out, err := exec.Command(py, "-c", script, sec, sig, path, strconv.FormatInt(f.clock.now().Unix(), 10)).CombinedOutput()
			if err != nil {
				t.Fatalf("python snippet: %v\n%s", err, out)
			}
			if want := map[string]string{"good": "True", "bad": "False"}[name]; strings.TrimSpace(string(out)) != want {
				t.Errorf("python snippet on %s body: %s, want %s", name, out, want)
			}
		}
	})
}
