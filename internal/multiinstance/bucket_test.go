package multiinstance

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// awsVars are the credential variables the instances get from the test's
// environment (.ci/run sources them from ensure-s3's env file).
var awsVars = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"}

// bucket is the instances' prefix as the S3 API shows it, not through the
// portal's store: what an operator, a backup or a thief with the bucket's
// credentials gets.
type bucket struct {
	client *minio.Client
	name   string
	prefix string // ends in "/"
}

// openBucket connects to the prefix a blobtest.S3URL names and empties it
// when the test ends (after the instances are gone, as cleanups registered
// earlier run later).
func openBucket(t *testing.T, blobURL string) *bucket {
	t.Helper()
	u, err := url.Parse(blobURL)
	if err != nil {
		t.Fatal(err)
	}
	ep, err := url.Parse(u.Query().Get("endpoint"))
	if err != nil || ep.Host == "" {
		t.Fatalf("blob URL %q names no endpoint", blobURL)
	}
	id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		t.Fatal("PORTAL_TEST_BLOB_URL is set but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not (source /tmp/portal-s3/env)")
	}
	client, err := minio.New(ep.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(id, secret, os.Getenv("AWS_SESSION_TOKEN")),
		Secure:       ep.Scheme == "https",
		Region:       u.Query().Get("region"),
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	b := &bucket{client: client, name: u.Host, prefix: strings.Trim(u.Path, "/") + "/"}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for o := range client.ListObjects(ctx, b.name, minio.ListObjectsOptions{Prefix: b.prefix, Recursive: true}) {
			if o.Err == nil {
				client.RemoveObject(ctx, b.name, o.Key, minio.RemoveObjectOptions{})
			}
		}
	})
	return b
}

// objects returns every object under the prefix, by its name after the
// prefix, with its stored bytes.
func (b *bucket) objects(t *testing.T) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	for o := range b.client.ListObjects(ctx, b.name, minio.ListObjectsOptions{Prefix: b.prefix, Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list %s/%s: %v", b.name, b.prefix, o.Err)
		}
		obj, err := b.client.GetObject(ctx, b.name, o.Key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(obj)
		obj.Close()
		if err != nil {
			t.Fatalf("read %s: %v", o.Key, err)
		}
		out[strings.TrimPrefix(o.Key, b.prefix)] = raw
	}
	return out
}

// plaintextIn reports which of the plaintext's 32-byte pieces, taken every
// 4 KiB, raw contains; ciphertext contains none.
func plaintextIn(raw, plain []byte) (offset int, found bool) {
	const piece, step = 32, 4 << 10
	for off := 0; off+piece <= len(plain); off += step {
		if bytes.Contains(raw, plain[off:off+piece]) {
			return off, true
		}
	}
	return 0, false
}

// noiseJPEG is a photo-sized JPEG of random pixels, so its bytes occur
// nowhere else and span several of the store's 64 KiB chunks.
func noiseJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for i := range img.Pix {
		img.Pix[i] = uint8(rand.UintN(256))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a document as the documents API takes it: multipart with
// the kind field and the file part.
func (in *instance) upload(t *testing.T, path, kind, filename string, content []byte, session *http.Cookie) (int, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", in.url+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(session)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload on %s: %v", in.name, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// filesIn lists everything under dir, relative to it.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
