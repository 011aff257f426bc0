package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/monobase/monobase/schema"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"
)

// Defaults of ThumbConfig.
const (
	DefaultThumbMemory = 128 << 20
	thumbMaxWait       = time.Minute // for memory, then to make the thumb
)

// errNoThumb means the original cannot be thumbed (not an image of a
// supported format, too large, or damaged).
var errNoThumb = errors.New("no thumb for this file")

// IsNoThumb reports whether err says the original cannot be thumbed.
func IsNoThumb(err error) bool { return errors.Is(err, errNoThumb) }

// ThumbConfig bounds thumb making. The zero value means the defaults.
type ThumbConfig struct {
	// Memory is the most that thumbs being made may take together, in
	// bytes, as estimated from each image's header before it is decoded
	// (default DefaultThumbMemory). An image whose thumb alone would take
	// more gets none: its original is served.
	Memory int64
	// Workers is the most thumbs made at once (default GOMAXPROCS, at
	// least 2).
	Workers int
}

// Thumbnailer makes thumbs on first request and caches them in storage.
// Concurrent requests for one thumb share one making, and the makings in
// progress share a memory budget, so a burst of requests for thumbs of
// large images cannot take the server's memory. Safe for concurrent use.
type Thumbnailer struct {
	pending singleflight.Group
	budget  *semaphore.Weighted
	memory  int64
	// minWeight is what the cheapest making takes of the budget: it turns
	// the memory budget into a bound on concurrent makings too.
	minWeight int64
	// garbage is about what makings have left since the last collect.
	garbage atomic.Int64
}

// NewThumbnailer returns a Thumbnailer bounded by cfg.
func NewThumbnailer(cfg ThumbConfig) *Thumbnailer {
	if cfg.Memory <= 0 {
		cfg.Memory = DefaultThumbMemory
	}
	if cfg.Workers <= 0 {
		cfg.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	return &Thumbnailer{
		budget:    semaphore.NewWeighted(cfg.Memory),
		memory:    cfg.Memory,
		minWeight: max(1, cfg.Memory/int64(cfg.Workers)),
	}
}

// Open returns the thumb of a record's file at size (e.g. "100x50t"),
// making and caching it on first use. PNG, WebP and other sources give a
// PNG; JPEG and GIF keep their format. An original that cannot be thumbed
// gives an error wrapping errNoThumb: serve the original instead. Open
// returns when ctx ends, though the making goes on for later requests.
func (t *Thumbnailer) Open(ctx context.Context, st Storage, collectionID, recordID, name, size string) (*Object, error) {
	key := thumbKey(collectionID, recordID, name, size)
	obj, err := st.Open(ctx, key)
	if !errors.Is(err, ErrNotFound) {
		return obj, err
	}
	w, h, mode, ok := schema.ParseThumbSize(size)
	if !ok || !Thumbable(name) {
		return nil, errNoThumb
	}
	made := t.pending.DoChan(key, func() (any, error) {
		// Not the request's context: the making is shared by every
		// request waiting for it, and its thumb serves later ones.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), thumbMaxWait)
		defer cancel()
		return nil, t.makeThumb(ctx, st, Key(collectionID, recordID, name), key, w, h, mode)
	})
	select {
	case res := <-made:
		if res.Err != nil {
			return nil, res.Err
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return st.Open(ctx, key)
}

// makeThumb stores the thumb of the original under srcKey at thumbKey,
// once the memory its estimate needs is free. Storage.Put replaces
// atomically, so a failed making leaves no thumb, and the next request
// tries again.
func (t *Thumbnailer) makeThumb(ctx context.Context, st Storage, srcKey, thumbKey string, w, h int, mode string) error {
	if obj, err := st.Open(ctx, thumbKey); err == nil {
		return obj.Close() // made by the previous flight, after this request looked
	}
	cost, err := t.estimate(ctx, st, srcKey, w, h, mode)
	if err != nil {
		return err
	}
	weight := max(cost, t.minWeight)
	if err := t.budget.Acquire(ctx, weight); err != nil {
		return fmt.Errorf("wait for memory to make a thumb: %w", err)
	}
	data, err := renderThumb(ctx, st, srcKey, w, h, mode) // recovers decoder panics
	t.collect(cost)
	t.budget.Release(weight) // before the upload: the thumb is small
	if err != nil {
		return err
	}
	return st.Put(ctx, thumbKey, bytes.NewReader(data))
}

// collect returns to the system the memory makings have left, once it
// adds up to a quarter of the budget, while the caller still holds its
// part of the budget. The decoded images are garbage then, but the heap
// may grow to twice its live size before the GC takes them, and small
// objects may settle in the freed pages: the next makings would take
// fresh memory beside them and double the peak. A collection costs far
// less than the decodes before it.
func (t *Thumbnailer) collect(cost int64) {
	if t.garbage.Add(cost) < t.memory/4 {
		return
	}
	t.garbage.Store(0)
	debug.FreeOSMemory()
}

// estimate prices the making from the original's header and refuses one
// above the whole budget (Acquire would wait for it forever).
func (t *Thumbnailer) estimate(ctx context.Context, st Storage, srcKey string, w, h int, mode string) (int64, error) {
	src, err := st.Open(ctx, srcKey)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	cost, err := thumbCost(src, w, h, mode)
	if err != nil {
		return 0, err
	}
	if cost > t.memory {
		return 0, fmt.Errorf("%w: it would take %d MiB, above the %d MiB for thumbs", errNoThumb, cost>>20, t.memory>>20)
	}
	return cost, nil
}
