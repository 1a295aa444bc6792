package auth

import (
	"fmt"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// DefaultHashParams follow RFC 9106's second recommended option (64 MiB,
// one pass); tests pass cheaper parameters to stay fast under -race.
var DefaultHashParams = argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  1,
	Parallelism: uint8(min(runtime.NumCPU(), 4)),
	SaltLength:  16,
	KeyLength:   32,
}

// MinPasswordLength is counted in characters, not bytes, so a Chinese
// passphrase is not penalised.
const MinPasswordLength = 10

func hashPassword(p argon2id.Params, password string) (string, error) {
	h, err := argon2id.CreateHash(password, &p)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// checkPassword compares in constant time; a malformed stored hash is an
// error rather than a mismatch so it gets logged.
func checkPassword(password, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("compare password: %w", err)
	}
	return ok, nil
}
