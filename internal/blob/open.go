package blob

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
)

// Open returns the portal's Store for a PORTAL_BLOB_URL, encrypting every
// object with keys:
//
//	file:///abs/path                      a directory (Local)
//	s3://BUCKET[/PREFIX]?endpoint=…&region=…  a bucket (NewS3), credentials from env
//
// Both remove what interrupted uploads left behind before returning.
func Open(ctx context.Context, rawURL string, keys *KeyRing, env func(string) string) (*Sealed, error) {
	if keys == nil {
		return nil, fmt.Errorf("blob: no key ring")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob: store URL: %w", err)
	}
	var b backend
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" || !filepath.IsAbs(u.Path) {
			return nil, fmt.Errorf("blob: want file:///absolute/path, got %q", rawURL)
		}
		b, err = NewLocal(u.Path)
	case "s3":
		b, err = NewS3(ctx, rawURL, env)
	default:
		return nil, fmt.Errorf("blob: store URL must be file:// or s3://, got %q", rawURL)
	}
	if err != nil {
		return nil, err
	}
	return &Sealed{b: b, keys: keys}, nil
}
