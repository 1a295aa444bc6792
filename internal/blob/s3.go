package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"posportal/internal/apperr"
)

// S3 keeps objects in a bucket of an S3-compatible object store (AWS S3,
// Alibaba OSS or Tencent COS in S3 mode, MinIO, Ceph RGW, versitygw), each
// under PREFIX/key, addressed path-style.
//
// A new object is streamed into a multipart upload, which S3 shows to
// nobody until it is completed: that upload is this store's temp file. A
// failing stream aborts it, so a refused or broken upload leaves nothing.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string // "" or ending in "/"
}

const (
	// s3PartSize is the smallest part S3 accepts. The client holds one part
	// in memory per upload in flight: that, not the object's size, is the
	// heap a Put costs.
	s3PartSize = 5 << 20
	// staleUpload is how old an unfinished upload or staging object must be
	// before a starting portal removes it. Unlike a local temp file, S3
	// cannot say whether another instance is still writing, and no upload
	// takes an hour.
	staleUpload = time.Hour
	// stagingDir holds replacements while they are written (see replace).
	stagingDir = "tmp/"
)

// NewS3 connects to the bucket an s3:// URL names —
// s3://BUCKET[/PREFIX]?endpoint=http://HOST:PORT&region=R — with the
// credentials in the standard AWS variables read through env
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN;
// AWS_REGION when the URL names no region). It checks that the bucket
// exists and removes what interrupted uploads left behind.
func NewS3(ctx context.Context, rawURL string, env func(string) string) (*S3, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("blob: want s3://BUCKET[/PREFIX]?endpoint=…&region=…, got %q", rawURL)
	}
	q := u.Query()
	endpoint, secure := "s3.amazonaws.com", true
	if e := q.Get("endpoint"); e != "" {
		eu, err := url.Parse(e)
		if err != nil || (eu.Scheme != "http" && eu.Scheme != "https") || eu.Host == "" {
			return nil, fmt.Errorf("blob: endpoint must be http(s)://HOST[:PORT], got %q", e)
		}
		endpoint, secure = eu.Host, eu.Scheme == "https"
	}
	region := q.Get("region")
	if region == "" {
		region = env("AWS_REGION")
	}
	id, secret := env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return nil, errors.New("blob: s3 store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	client, err := minio.New(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(id, secret, env("AWS_SESSION_TOKEN")),
		Secure:       secure,
		Region:       region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: s3: %w", err)
	}
	s := &S3{client: client, bucket: u.Host}
	if p := strings.Trim(u.Path, "/"); p != "" {
		s.prefix = p + "/"
	}
	ok, err := client.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, fmt.Errorf("blob: s3 bucket %s at %s: %w", s.bucket, endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("blob: s3 bucket %s does not exist at %s", s.bucket, endpoint)
	}
	if err := s.removeAbandoned(ctx, time.Now()); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *S3) name(key string) string { return s.prefix + key }

// ours reports whether a bucket key is one this store makes — an object or
// a staging object — so a sweep never touches what other applications
// keep in a shared bucket.
func (s *S3) ours(name string) bool {
	name, ok := strings.CutPrefix(name, s.prefix)
	if !ok {
		return false
	}
	if staged, ok := strings.CutPrefix(name, stagingDir); ok {
		key, suffix, ok := strings.Cut(staged, ".")
		return ok && validKey(key) && validKey(suffix)
	}
	return validKey(name)
}

func (s *S3) create(ctx context.Context, key string, r io.Reader) error {
	return s.put(ctx, s.name(key), r, -1)
}

func (s *S3) put(ctx context.Context, name string, r io.Reader, size int64) error {
	_, err := s.client.PutObject(ctx, s.bucket, name, r, size, minio.PutObjectOptions{
		PartSize:    s3PartSize,
		ContentType: "application/octet-stream",
	})
	if err != nil {
		return fmt.Errorf("blob: s3 put: %w", err)
	}
	return nil
}

// replace writes the new bytes to a staging object, then copies it over
// key inside the store: the caller is usually still reading key's old
// bytes, and not every S3 server lets a write to an object leave a read of
// it undisturbed.
func (s *S3) replace(ctx context.Context, key string, r io.Reader, size int64) error {
	suffix, err := newKey()
	if err != nil {
		return err
	}
	staging := s.name(stagingDir + key + "." + suffix)
	if err := s.put(ctx, staging, r, size); err != nil {
		return err
	}
	defer s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, staging, minio.RemoveObjectOptions{})
	_, err = s.client.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: s.name(key)},
		minio.CopySrcOptions{Bucket: s.bucket, Object: staging})
	if err != nil {
		return fmt.Errorf("blob: s3 copy: %w", err)
	}
	return nil
}

func (s *S3) read(ctx context.Context, key string) (io.ReadCloser, int64, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, s.name(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, fmt.Errorf("blob: s3 get: %w", err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, 0, fmt.Errorf("blob %s: %w", key, apperr.ErrNotFound)
		}
		return nil, 0, fmt.Errorf("blob: s3 get: %w", err)
	}
	return obj, st.Size, nil
}

// remove is idempotent like S3's own DELETE.
func (s *S3) remove(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, s.name(key), minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("blob: s3 delete: %w", err)
	}
	return nil
}

func (s *S3) list(ctx context.Context, fn func(key string) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("blob: s3 list: %w", o.Err)
		}
		if key := strings.TrimPrefix(o.Key, s.prefix); validKey(key) {
			if err := fn(key); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// removeAbandoned aborts multipart uploads and deletes staging objects
// older than staleUpload: what portals stopped or crashed mid-upload left.
// (A bucket lifecycle rule AbortIncompleteMultipartUpload does the same on
// the server side; this keeps a bucket without one clean.)
func (s *S3) removeAbandoned(ctx context.Context, now time.Time) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	core := minio.Core{Client: s.client}
	for u := range s.client.ListIncompleteUploads(ctx, s.bucket, s.prefix, true) {
		if u.Err != nil {
			return fmt.Errorf("blob: s3 list uploads: %w", u.Err)
		}
		if now.Sub(u.Initiated) < staleUpload || !s.ours(u.Key) {
			continue
		}
		if err := core.AbortMultipartUpload(ctx, s.bucket, u.Key, u.UploadID); err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchUpload {
			return fmt.Errorf("blob: s3 abort upload: %w", err)
		}
	}
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + stagingDir, Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("blob: s3 list: %w", o.Err)
		}
		if now.Sub(o.LastModified) < staleUpload || !s.ours(o.Key) {
			continue
		}
		if err := s.client.RemoveObject(ctx, s.bucket, o.Key, minio.RemoveObjectOptions{}); err != nil {
			return fmt.Errorf("blob: s3 delete: %w", err)
		}
	}
	return nil
}
