package blob

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// An encrypted object is an envelope header followed by an age file
// (age-encryption.org/v1: a random 128-bit file key, STREAM of
// ChaCha20-Poly1305 chunks of 64 KiB, so it is written and read while
// streaming and any truncation or tampering fails the read):
//
//	magic ‖ len(keyID) ‖ keyID ‖ len(wrapped) ‖ wrapped ‖ age file
//
// wrapped is the age file key sealed with AES-256-GCM under the data key
// keyID names, bound to the object's key and keyID. The age header itself
// carries only a fixed stanza saying the file key lives in the envelope, so
// re-wrapping under a new data key rewrites these few bytes and copies the
// ciphertext unchanged: no document is decrypted or re-encrypted.
var magic = []byte("<posportal-blob/1>\n")

// magic starts with '<', which no plaintext object from before encryption
// can: sniff refuses markup before a PDF header, and JPEG and PNG begin
// with their own signatures. That is how Open tells old objects apart.

const (
	stanzaType  = "posportal-envelope"
	maxKeyIDLen = 64
	// streamNonceSize, chunkSize and tagSize are age's payload layout, used
	// to tell a reader the plaintext length before it decrypts.
	streamNonceSize = 16
	chunkSize       = 64 << 10
	tagSize         = 16
	// maxHeaderRead bounds what is buffered to find the end of the age
	// header; the header of our own objects is about 100 bytes.
	maxHeaderRead = 64 << 10
)

// ErrCorrupt reports stored bytes that are not an object this store wrote
// or that fail authentication.
var ErrCorrupt = errors.New("blob: stored object is corrupt or was tampered with")

// ErrUnknownKey reports an object wrapped by a data key missing from the
// key ring.
var ErrUnknownKey = errors.New("blob: object is wrapped by a data key not in the key ring")

type envelope struct {
	keyID   string
	wrapped []byte
}

func (e envelope) marshal() []byte {
	b := make([]byte, 0, len(magic)+2+len(e.keyID)+len(e.wrapped))
	b = append(b, magic...)
	b = append(b, byte(len(e.keyID)))
	b = append(b, e.keyID...)
	b = append(b, byte(len(e.wrapped)))
	return append(b, e.wrapped...)
}

// readEnvelope reads the rest of an envelope whose magic was consumed and
// returns it with its length including the magic.
func readEnvelope(r io.Reader) (envelope, int, error) {
	var n [1]byte
	field := func() ([]byte, error) {
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return nil, err
		}
		b := make([]byte, n[0])
		_, err := io.ReadFull(r, b)
		return b, err
	}
	id, err := field()
	if err != nil || len(id) == 0 || len(id) > maxKeyIDLen {
		return envelope{}, 0, fmt.Errorf("%w: envelope key id", ErrCorrupt)
	}
	wrapped, err := field()
	if err != nil {
		return envelope{}, 0, fmt.Errorf("%w: envelope: %w", ErrCorrupt, err)
	}
	e := envelope{keyID: string(id), wrapped: wrapped}
	return e, len(magic) + 2 + len(id) + len(wrapped), nil
}

// additionalData binds a wrapped key to its object and data key, so an
// envelope copied onto another object does not open.
func additionalData(keyID, objectKey string) []byte {
	return []byte(string(magic) + keyID + "\x00" + objectKey)
}

func (r *KeyRing) wrap(fileKey []byte, objectKey string) (envelope, error) {
	aead := r.aeads[r.current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return envelope{}, fmt.Errorf("blob: nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, fileKey, additionalData(r.current, objectKey))
	return envelope{keyID: r.current, wrapped: sealed}, nil
}

func (r *KeyRing) unwrap(e envelope, objectKey string) ([]byte, error) {
	aead, ok := r.aeads[e.keyID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownKey, e.keyID)
	}
	if len(e.wrapped) < aead.NonceSize() {
		return nil, fmt.Errorf("%w: wrapped key", ErrCorrupt)
	}
	n := aead.NonceSize()
	fileKey, err := aead.Open(nil, e.wrapped[:n], e.wrapped[n:], additionalData(e.keyID, objectKey))
	if err != nil {
		return nil, fmt.Errorf("%w: wrapped key does not open", ErrCorrupt)
	}
	return fileKey, nil
}

// envelopeRecipient is the age Recipient of our objects: instead of
// wrapping the file key into the age header it keeps it, for the envelope
// to wrap under the data key.
type envelopeRecipient struct{ fileKey []byte }

func (e *envelopeRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	e.fileKey = bytes.Clone(fileKey)
	return []*age.Stanza{{Type: stanzaType}}, nil
}

// seal returns the stored form of plaintext, encrypting as it is read.
func (r *KeyRing) seal(objectKey string, plaintext io.Reader) (io.Reader, error) {
	rcpt := &envelopeRecipient{}
	ct, err := age.EncryptReader(plaintext, rcpt)
	if err != nil {
		return nil, fmt.Errorf("blob: encrypt: %w", err)
	}
	env, err := r.wrap(rcpt.fileKey, objectKey)
	if err != nil {
		return nil, err
	}
	return io.MultiReader(bytes.NewReader(env.marshal()), ct), nil
}

// readMagic consumes the head of a stored object. For an object stored
// before encryption it returns false and the bytes it read. Since no such
// object starts with '<', one that does and is not a whole envelope was
// damaged, and is not passed off as plaintext.
func readMagic(raw io.Reader) (sealed bool, head []byte, err error) {
	head = make([]byte, len(magic))
	n, err := io.ReadFull(raw, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return false, nil, fmt.Errorf("blob: read: %w", err)
	}
	head = head[:n]
	switch {
	case n == 0 || head[0] != magic[0]:
		return false, head, nil
	case !bytes.Equal(head, magic):
		return false, nil, fmt.Errorf("%w: damaged envelope", ErrCorrupt)
	}
	return true, head, nil
}

// open returns the plaintext of a stored object of rawSize bytes and the
// plaintext's length, decrypting while it is read. Objects stored before
// encryption are returned as they are.
func (r *KeyRing) open(objectKey string, raw io.Reader, rawSize int64) (io.Reader, int64, error) {
	sealed, head, err := readMagic(raw)
	if err != nil {
		return nil, 0, err
	}
	if !sealed {
		return io.MultiReader(bytes.NewReader(head), raw), rawSize, nil
	}
	env, envLen, err := readEnvelope(raw)
	if err != nil {
		return nil, 0, err
	}
	fileKey, err := r.unwrap(env, objectKey)
	if err != nil {
		return nil, 0, err
	}
	// age reads ahead while parsing its header: keep what it read, to hand
	// the same bytes to the decryption.
	rec := &recorder{r: raw}
	hdr, err := age.ExtractHeader(rec)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	size, err := plaintextSize(rawSize - int64(envLen+len(hdr)+streamNonceSize))
	if err != nil {
		return nil, 0, err
	}
	pt, err := age.Decrypt(io.MultiReader(bytes.NewReader(rec.buf), raw), age.NewInjectedFileKeyIdentity(fileKey))
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return pt, size, nil
}

// rewrap reads the envelope at the head of a stored object and returns the
// header that wraps the same file key under the current data key, with the
// old header's length. current reports an object already wrapped by the
// current key; plaintext one stored before encryption.
func (r *KeyRing) rewrap(objectKey string, raw io.Reader) (header []byte, oldLen int, current, plaintext bool, err error) {
	sealed, _, err := readMagic(raw)
	if err != nil || !sealed {
		return nil, 0, false, !sealed, err
	}
	env, envLen, err := readEnvelope(raw)
	if err != nil {
		return nil, 0, false, false, err
	}
	if env.keyID == r.current {
		return nil, envLen, true, false, nil
	}
	fileKey, err := r.unwrap(env, objectKey)
	if err != nil {
		return nil, 0, false, false, err
	}
	next, err := r.wrap(fileKey, objectKey)
	if err != nil {
		return nil, 0, false, false, err
	}
	return next.marshal(), envLen, false, false, nil
}

// plaintextSize is the length of the plaintext in an age payload of n bytes
// after its nonce: every chunk but the last holds chunkSize bytes, and each
// carries a tag.
func plaintextSize(n int64) (int64, error) {
	if n < tagSize {
		return 0, fmt.Errorf("%w: payload of %d bytes", ErrCorrupt, n)
	}
	chunks := (n + chunkSize + tagSize - 1) / (chunkSize + tagSize)
	if last := n - (chunks-1)*(chunkSize+tagSize); last < tagSize {
		return 0, fmt.Errorf("%w: payload of %d bytes", ErrCorrupt, n)
	}
	return n - chunks*tagSize, nil
}

// recorder keeps a copy of what is read through it, up to maxHeaderRead.
type recorder struct {
	r   io.Reader
	buf []byte
}

func (c *recorder) Read(p []byte) (int, error) {
	if len(c.buf) >= maxHeaderRead {
		return 0, fmt.Errorf("%w: age header too long", ErrCorrupt)
	}
	if room := maxHeaderRead - len(c.buf); len(p) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}
