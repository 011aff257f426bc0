package auth

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The dummy check must cost what a real check costs: bcrypt must read the
// dummy hash at the cost asked for, and hash before it finds no match (a
// malformed hash would fail fast).
func TestDummyHash(t *testing.T) {
	for _, c := range []struct{ in, want int }{{0, bcrypt.DefaultCost}, {4, 4}, {8, 8}, {12, 12}, {99, bcrypt.DefaultCost}} {
		if got, err := bcrypt.Cost(dummyHash(c.in)); err != nil || got != c.want {
			t.Errorf("cost %d: got %d, %v", c.in, got, err)
		}
	}
	if err := bcrypt.CompareHashAndPassword(dummyHash(bcrypt.MinCost), []byte("dummy password")); err != bcrypt.ErrMismatchedHashAndPassword {
		t.Errorf("compare gave %v, want a mismatch after hashing", err)
	}
}
