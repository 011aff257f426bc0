package bounded

import "testing"

// A full cache starts afresh instead of growing: it never holds more than
// DefaultLimit entries, and what it holds reads back.
func TestCache_StaysBounded(t *testing.T) {
	var c Cache[int, int]
	builds := 0
	for i := 0; i < 3*DefaultLimit; i++ {
		c.Get(i, func() int { builds++; return i * 2 })
		if n := len(c.m); n > DefaultLimit {
			t.Fatalf("%d entries after %d puts", n, i+1)
		}
	}
	if builds != 3*DefaultLimit {
		t.Fatalf("%d builds", builds)
	}
	last := 3*DefaultLimit - 1
	if v := c.Get(last, func() int { t.Fatal("rebuilt a stored value"); return 0 }); v != 2*last {
		t.Fatalf("got %d", v)
	}
	if _, ok := c.Lookup(0); ok {
		t.Fatal("an entry from before the cache started afresh")
	}
}
