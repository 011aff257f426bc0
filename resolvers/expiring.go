package resolvers

import (
	"sync"
	"time"
)

// expiring is a bounded in-memory map whose entries die at their expiry:
// short-lived state a restart may lose (MFA first steps, the name Apple
// posts between its redirect and the sign-in). When full, expired entries
// go, and if that is not enough, arbitrary ones.
type expiring[V any] struct {
	max int // 0: defaultExpiringMax

	mu sync.Mutex
	m  map[string]expiringEntry[V]
}

type expiringEntry[V any] struct {
	v       V
	expires time.Time
}

const defaultExpiringMax = 100_000

func (e *expiring[V]) put(key string, v V, expires, now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string]expiringEntry[V]{}
	}
	limit := e.max
	if limit <= 0 {
		limit = defaultExpiringMax
	}
	if len(e.m) >= limit {
		for k, en := range e.m {
			if !now.Before(en.expires) || len(e.m) >= limit {
				delete(e.m, k)
			}
		}
	}
	e.m[key] = expiringEntry[V]{v, expires}
}

// get returns the live value of key.
func (e *expiring[V]) get(key string, now time.Time) (V, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	en, ok := e.m[key]
	if ok && !now.Before(en.expires) {
		delete(e.m, key)
		var zero V
		return zero, false
	}
	return en.v, ok
}

// take returns the live value of key and removes it.
func (e *expiring[V]) take(key string, now time.Time) (V, bool) {
	v, ok := e.get(key, now)
	e.remove(key)
	return v, ok
}

func (e *expiring[V]) remove(key string) {
	e.mu.Lock()
	delete(e.m, key)
	e.mu.Unlock()
}
