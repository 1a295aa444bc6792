package auth

import (
	"fmt"

	"github.com/alexedwards/argon2id"
)

// DefaultHashParams are OWASP's argon2id minimum (Password Storage Cheat
// Sheet: m=19 MiB, t=2, p=1). 64 MiB per login, as before, let 64
// concurrent logins take 4 GB; at 19 MiB with the hashing slots bounded to
// the cores a 2-core machine serves about 40 logins a second in under
// 60 MB. Tests pass cheaper parameters to stay fast under -race.
var DefaultHashParams = argon2id.Params{
	Memory:      19 * 1024,
	Iterations:  2,
	Parallelism: 1,
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

// checkPassword compares in constant time, with the parameters stored in
// the hash, so hashes made under older parameters keep verifying; a
// malformed stored hash is an error rather than a mismatch so it gets logged.
func checkPassword(password, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("compare password: %w", err)
	}
	return ok, nil
}

// needsRehash reports whether hash was made with other parameters than p,
// so a successful login can upgrade (or cheapen) it to the current ones.
func needsRehash(hash string, p argon2id.Params) bool {
	old, salt, key, err := argon2id.DecodeHash(hash)
	if err != nil {
		return false
	}
	return old.Memory != p.Memory || old.Iterations != p.Iterations || old.Parallelism != p.Parallelism ||
		uint32(len(salt)) != p.SaltLength || uint32(len(key)) != p.KeyLength
}
