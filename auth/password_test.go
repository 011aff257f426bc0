package auth

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The dummy check must cost what a real check costs: bcrypt must read the
// dummy hash at the cost asked for (it would fail fast on a malformed one).
func TestDummyHash(t *testing.T) {
	for _, c := range []struct{ in, want int }{{0, bcrypt.DefaultCost}, {4, 4}, {8, 8}, {11, 11}, {99, bcrypt.DefaultCost}} {
		got, err := bcrypt.Cost(dummyHash(c.in))
		if err != nil || got != c.want {
			t.Errorf("cost %d: got %d, %v", c.in, got, err)
		}
		if err := bcrypt.CompareHashAndPassword(dummyHash(c.in), []byte("dummy password")); err != bcrypt.ErrMismatchedHashAndPassword {
			t.Errorf("cost %d: compare gave %v, want a mismatch after hashing", c.in, err)
		}
	}
}
