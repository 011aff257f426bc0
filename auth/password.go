package auth

import (
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// HashPassword hashes plain with bcrypt at cost (0 = bcrypt's default).
func HashPassword(plain string, cost int) (string, error) {
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(plain), cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether plain matches the bcrypt hash.
func CheckPassword(hash, plain string) bool {
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain)) == nil
}

// dummySaltAndHash is the salt and digest of a bcrypt hash that no
// password matches in practice; DummyPasswordCheck puts any cost in front.
const dummySaltAndHash = "CWtdt5gWegu4dL92C5HNm.3PKjf9v8cW.6qgOn03hhUR1jy1tTZjq"

// DummyPasswordCheck costs what checking a password against a bcrypt hash
// of cost costs (0 = bcrypt's default), and checks nothing. Sign-ins run it
// for an unknown identity, so that a wrong password and an unknown account
// take the same time (no account enumeration by timing). The work is in
// the hashing, which bcrypt does whatever the stored digest, so a fixed
// digest behind the wanted cost is enough: no hash is generated.
func DummyPasswordCheck(cost int) {
	_ = bcrypt.CompareHashAndPassword(dummyHash(cost), []byte("dummy password"))
}

// dummyHash is a bcrypt hash of cost (bcrypt's default when out of range).
func dummyHash(cost int) []byte {
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		cost = bcrypt.DefaultCost
	}
	return fmt.Appendf(nil, "$2a$%02d$%s", cost, dummySaltAndHash)
}
