package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/secret"
)

// openBlobs opens the document store PORTAL_BLOB_URL names, encrypting with
// the blob key ring; dataKey stands in for an unset PORTAL_BLOB_KEY.
func openBlobs(ctx context.Context, cfg config.Config, dataKey []byte) (*blob.Sealed, error) {
	keys, err := blobKeys(cfg, dataKey)
	if err != nil {
		return nil, err
	}
	store, err := blob.Open(ctx, cfg.BlobURL, keys, cfg.Getenv)
	if err != nil {
		return nil, fmt.Errorf("PORTAL_BLOB_URL: %w", err)
	}
	return store, nil
}

// blobKeys is the ring that wraps documents' keys: PORTAL_BLOB_KEY, or the
// data key when it is not set, then PORTAL_BLOB_OLD_KEYS. Before blob keys
// existed there was only the data key, so a portal configured as before
// keeps reading and writing with it.
func blobKeys(cfg config.Config, dataKey []byte) (*blob.KeyRing, error) {
	current := dataKey
	if cfg.BlobKey != "" {
		k, err := secret.ParseKey(cfg.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("PORTAL_BLOB_KEY: %w", err)
		}
		current = k
	}
	var old [][]byte
	for i, s := range strings.Split(cfg.BlobOldKeys, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		k, err := secret.ParseKey(s)
		if err != nil {
			return nil, fmt.Errorf("PORTAL_BLOB_OLD_KEYS key %d: %w", i+1, err)
		}
		old = append(old, k)
	}
	return blob.NewKeyRing(current, old...)
}

const keysUsage = `usage:
  portal keys new       print a fresh random 32-byte key (hex) for PORTAL_BLOB_KEY
  portal keys rotate    re-wrap every document's key under PORTAL_BLOB_KEY
  portal blobs encrypt  encrypt documents stored before encryption at rest
`

// keysCmd rotates documents to the current blob key. The rotation order:
// set PORTAL_BLOB_KEY to a new key and the old one in PORTAL_BLOB_OLD_KEYS
// on every instance, run `portal keys rotate` once, then drop the old key.
func keysCmd(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(keysUsage)
	}
	switch args[0] {
	case "new":
		k := make([]byte, blob.KeySize)
		if _, err := rand.Read(k); err != nil {
			return err
		}
		fmt.Fprintln(stdout, hex.EncodeToString(k))
		return nil
	case "rotate":
		return maintainBlobs(ctx, "keys rotate", args[1:], env, stdout, stderr, (*blob.Sealed).Rotate)
	default:
		return errors.New(keysUsage)
	}
}

func blobsCmd(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "encrypt" {
		return errors.New(keysUsage)
	}
	return maintainBlobs(ctx, "blobs encrypt", args[1:], env, stdout, stderr, (*blob.Sealed).EncryptPlaintext)
}

func maintainBlobs(ctx context.Context, name string, args []string, env func(string) string, stdout, stderr io.Writer,
	run func(*blob.Sealed, context.Context) (blob.Report, error)) error {
	cfg, err := config.Parse(name, args, env, stderr)
	if err != nil {
		return err
	}
	var dk []byte
	if cfg.BlobKey == "" {
		if dk, err = dataKey(cfg, newLogger(stderr, cfg.LogLevel)); err != nil {
			return err
		}
	}
	store, err := openBlobs(ctx, cfg, dk)
	if err != nil {
		return err
	}
	rep, err := run(store, ctx)
	fmt.Fprintf(stdout, "%s: current key %s; re-wrapped %d, encrypted %d, already current %d, already encrypted %d, still plaintext %d, failed %d\n",
		name, store.KeyID(), rep.Rewrapped, rep.Encrypted, rep.Current, rep.Sealed, rep.Plaintext, rep.Failed)
	if rep.Plaintext > 0 {
		fmt.Fprintln(stdout, "run `portal blobs encrypt` to encrypt the documents stored before encryption at rest")
	}
	return err
}
