package resolvers

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// countCache remembers list totals. An entry is used only while the
// store's write generation is the one it was computed under (no commit
// since) and for at most countTTL, which bounds how stale a total can be
// when another process (the CLI) writes to the same database file.
type countCache struct {
	mu      sync.Mutex
	entries map[string]countEntry
}

type countEntry struct {
	gen uint64
	at  time.Time
	n   int
}

const (
	countTTL        = 2 * time.Second
	countCacheLimit = 4096
)

func (cc *countCache) get(gen uint64, key string, now time.Time) (int, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	e, ok := cc.entries[key]
	if !ok || e.gen != gen || now.Sub(e.at) > countTTL {
		return 0, false
	}
	return e.n, true
}

func (cc *countCache) put(gen uint64, key string, now time.Time, n int) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.entries == nil || len(cc.entries) >= countCacheLimit {
		cc.entries = make(map[string]countEntry, 64) // crude but bounded
	}
	cc.entries[key] = countEntry{gen: gen, at: now, n: n}
}

// countKey identifies a count query by its SQL text and arguments.
func countKey(text string, args []any) string {
	var b strings.Builder
	b.Grow(len(text) + 16*len(args))
	b.WriteString(text)
	for _, a := range args {
		b.WriteByte(0)
		switch v := a.(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case float64:
			b.WriteString("f" + strconv.FormatFloat(v, 'g', -1, 64))
		case int:
			b.WriteString("i" + strconv.Itoa(v))
		case int64:
			b.WriteString("i" + strconv.FormatInt(v, 10))
		case bool:
			b.WriteString("b" + strconv.FormatBool(v))
		case nil:
			b.WriteString("n")
		default:
			return "" // an argument type we do not key on: do not cache
		}
	}
	return b.String()
}
