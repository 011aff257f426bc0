// Package bounded holds a map for derived values that may be rebuilt at
// will (compiled statements, collected fields): its memory is bounded by
// starting afresh when full, which costs only the rebuilds. It imports no
// project package.
package bounded

import "sync"

// DefaultLimit is the number of entries a Cache holds before it starts
// afresh: enough for every plan a server's usual operations derive.
const DefaultLimit = 4096

// Cache is a concurrent map from K to V holding at most DefaultLimit
// entries. The zero value is ready to use.
type Cache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

// Get returns the value of key, building and storing it when missing.
func (c *Cache[K, V]) Get(key K, build func() V) V {
	if v, ok := c.Lookup(key); ok {
		return v
	}
	return c.Put(key, build())
}

// Lookup returns the value of key, if stored.
func (c *Cache[K, V]) Lookup(key K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[key]
	c.mu.RUnlock()
	return v, ok
}

// Put stores v under key and returns v.
func (c *Cache[K, V]) Put(key K, v V) V {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= DefaultLimit {
		c.m = make(map[K]V)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}
