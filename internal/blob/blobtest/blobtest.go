// Package blobtest gives tests the stores the portal runs on: encrypted,
// over a fresh local directory and over a fresh prefix of the S3 bucket at
// PORTAL_TEST_BLOB_URL (credentials in the AWS_* variables). Like dbtest,
// without the URL the S3 store is skipped, unless CI is set.
package blobtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"posportal/internal/blob"
)

// Each runs fn on each store as subtests "local" and "s3".
func Each(t *testing.T, fn func(t *testing.T, s *blob.Sealed)) {
	t.Helper()
	t.Run("local", func(t *testing.T) { fn(t, Local(t)) })
	t.Run("s3", func(t *testing.T) { fn(t, S3(t)) })
}

// Keys returns a key ring with one fresh random data key.
func Keys(tb testing.TB) *blob.KeyRing {
	tb.Helper()
	k := make([]byte, blob.KeySize)
	rand.Read(k)
	r, err := blob.NewKeyRing(k)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// Local returns an encrypted store in a fresh temp directory.
func Local(tb testing.TB) *blob.Sealed {
	tb.Helper()
	return open(tb, "file://"+tb.TempDir())
}

// S3 returns an encrypted store under a fresh prefix of the test bucket,
// emptied at the end of the test.
func S3(tb testing.TB) *blob.Sealed {
	tb.Helper()
	s := open(tb, S3URL(tb))
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s.Walk(ctx, func(key string) error { return s.Delete(ctx, key) })
	})
	return s
}

// S3URL is PORTAL_TEST_BLOB_URL with a fresh prefix, for tests that start
// their own portal; it skips (or fails under CI) like S3.
func S3URL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("PORTAL_TEST_BLOB_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("PORTAL_TEST_BLOB_URL is not set; CI requires the S3 store tests (.ci/run starts versitygw)")
		}
		tb.Skip("PORTAL_TEST_BLOB_URL not set")
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "s3" {
		tb.Fatalf("PORTAL_TEST_BLOB_URL %q is not an s3:// URL", base)
	}
	b := make([]byte, 6)
	rand.Read(b)
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		prefix += "/"
	}
	u.Path = "/" + prefix + "t-" + hex.EncodeToString(b) + "/"
	return u.String()
}

func open(tb testing.TB, rawURL string) *blob.Sealed {
	tb.Helper()
	s, err := blob.Open(context.Background(), rawURL, Keys(tb), os.Getenv)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
