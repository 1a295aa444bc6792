package blob

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// Item 14 of issue 10 on S3: an upload a crashed portal never finished
// stays in the bucket as an unfinished multipart upload (and a rotation's
// staging object as a stray object); a starting portal removes those older
// than staleUpload and leaves younger ones, which may be another
// instance's uploads in flight.
func TestS3StartRemovesAbandonedUploads(t *testing.T) {
	s := newS3TestStore(t, testKeys(t))
	b := s.b.(*S3)
	ctx := t.Context()
	kept := put(t, s, pngOf(1000))
	key, _ := newKey()
	core := minio.Core{Client: b.client}
	id, err := core.NewMultipartUpload(ctx, b.bucket, b.name(key), minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	part := pngOf(1 << 16)
	if _, err := core.PutObjectPart(ctx, b.bucket, b.name(key), id, 1, bytes.NewReader(part), int64(len(part)), minio.PutObjectPartOptions{}); err != nil {
		t.Fatal(err)
	}
	suffix, _ := newKey()
	if err := b.put(ctx, b.name(stagingDir+kept.Key+"."+suffix), bytes.NewReader(part), int64(len(part))); err != nil {
		t.Fatal(err)
	}
	// What another application keeps in the same bucket is never touched.
	foreign := b.name(stagingDir + "report.csv")
	if err := b.put(ctx, foreign, bytes.NewReader(part), int64(len(part))); err != nil {
		t.Fatal(err)
	}
	foreignUpload, err := core.NewMultipartUpload(ctx, b.bucket, b.name("exports/big.bin"), minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.stored(t); len(got) != 5 {
		t.Fatalf("before: %v", names(got))
	}

	if err := b.removeAbandoned(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := s.stored(t); len(got) != 5 {
		t.Errorf("young upload or staging object removed: %v", names(got))
	}
	if err := b.removeAbandoned(ctx, time.Now().Add(staleUpload+time.Minute)); err != nil {
		t.Fatal(err)
	}
	got := s.stored(t)
	_, okKept := got[b.name(kept.Key)]
	_, okForeign := got[foreign]
	_, okForeignUpload := got["upload:"+b.name("exports/big.bin")+":"+foreignUpload]
	if !okKept || !okForeign || !okForeignUpload || len(got) != 3 {
		t.Errorf("after the grace period: %v, want the stored object and the foreign ones", names(got))
	}
	if !bytes.Equal(readAll(t, s, kept.Key), pngOf(1000)) {
		t.Error("stored object damaged by the sweep")
	}
}

func TestOpenRefusesBadURLs(t *testing.T) {
	keys := testKeys(t)
	env := func(string) string { return "" }
	for _, u := range []string{
		"", "ftp://host/x", "file://relative/path", "file:relative", "file://host/abs",
		"s3://", "s3://bucket?endpoint=ftp://x", "s3://bucket?endpoint=http://127.0.0.1:1",
	} {
		if _, err := Open(context.Background(), u, keys, env); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
	if _, err := Open(context.Background(), "file://"+t.TempDir(), nil, env); err == nil {
		t.Error("Open without a key ring succeeded")
	}
}

func TestS3MissingBucketOrCredentials(t *testing.T) {
	rawURL, _ := s3TestURL(t)
	noCreds := func(k string) string {
		if strings.HasPrefix(k, "AWS_ACCESS") {
			return ""
		}
		return os.Getenv(k)
	}
	if _, err := NewS3(t.Context(), rawURL, noCreds); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("no credentials: %v", err)
	}
	missing := strings.Replace(rawURL, "s3://", "s3://no-such-bucket-", 1)
	if _, err := NewS3(t.Context(), missing, os.Getenv); err == nil {
		t.Error("a missing bucket was accepted")
	}
}
