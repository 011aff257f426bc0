package store

import (
	"crypto/rand"
	"math/big"
)

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// RandomString returns n characters drawn uniformly from alphabet with a
// cryptographic source.
func RandomString(n int, alphabet string) string {
	out := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range out {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("store: crypto/rand failed: " + err.Error()) // the OS RNG never fails on supported systems
		}
		out[i] = alphabet[k.Int64()]
	}
	return string(out)
}

// NewRecordID returns a PocketBase-style record id: 15 chars of [a-z0-9].
func NewRecordID() string { return RandomString(15, lowerAlnum) }

// RandomSecret returns a 50-char token secret or tokenKey.
func RandomSecret() string { return RandomString(50, mixedAlnum) }
