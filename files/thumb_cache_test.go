package files

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// watchedStorage is the local storage with a hook run before each Open,
// to count and hold the reads of an original.
type watchedStorage struct {
	*Local
	beforeOpen func(key string)
}

func (w *watchedStorage) Open(ctx context.Context, key string) (*Object, error) {
	w.beforeOpen(key)
	return w.Local.Open(ctx, key)
}

// gatedOriginal holds every read of the original under src until release
// is closed, counts them, and reports on missed each time the thumb was
// looked for and not found.
func gatedOriginal(t *testing.T, src, thumb string) (st *watchedStorage, opens *atomic.Int32, missed <-chan struct{}, release func()) {
	local := NewLocal(t.TempDir())
	if err := local.Put(context.Background(), src, bytes.NewReader(pngBytes(t, 400, 300))); err != nil {
		t.Fatal(err)
	}
	opens = new(atomic.Int32)
	gate := make(chan struct{})
	misses := make(chan struct{}, 100)
	st = &watchedStorage{Local: local, beforeOpen: func(key string) {
		switch key {
		case src:
			opens.Add(1)
			<-gate
		case thumb:
			if _, err := local.Open(context.Background(), thumb); err != nil {
				misses <- struct{}{}
			}
		}
	}}
	return st, opens, misses, sync.OnceFunc(func() { close(gate) })
}

// Concurrent first requests for one thumb share one making: the original
// is read twice (its header, then the decode) however many ask, and all
// get the same bytes.
func TestThumbnailer_ConcurrentRequestsShareOneMaking(t *testing.T) {
	const n = 12
	src, thumb := Key("c", "r", "p.png"), thumbKey("c", "r", "p.png", "100x100")
	st, opens, missed, release := gatedOriginal(t, src, thumb)
	defer release()
	thumbs := NewThumbnailer(ThumbConfig{})

	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			obj, err := thumbs.Open(context.Background(), st, "c", "r", "p.png", "100x100")
			if err == nil {
				got[i], err = io.ReadAll(obj)
				obj.Close()
			}
			errs[i] = err
		})
	}
	// Every request has looked for the thumb (and the making once more)
	// while the making is held reading the original: they all wait on it.
	for range n + 1 {
		<-missed
	}
	release()
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if !bytes.Equal(got[i], got[0]) || len(got[0]) == 0 {
			t.Fatalf("request %d got %d bytes, request 0 %d", i, len(got[i]), len(got[0]))
		}
	}
	if o := opens.Load(); o != 2 {
		t.Fatalf("the original was read %d times, want 2 (one making)", o)
	}
}

// A request that ends while the thumb is being made returns at once; the
// making goes on and its thumb serves the next request.
func TestThumbnailer_LeavingRequestDoesNotStopTheMaking(t *testing.T) {
	src, thumb := Key("c", "r", "p.png"), thumbKey("c", "r", "p.png", "100x100")
	st, opens, missed, release := gatedOriginal(t, src, thumb)
	defer release()
	thumbs := NewThumbnailer(ThumbConfig{})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := thumbs.Open(ctx, st, "c", "r", "p.png", "100x100")
		done <- err
	}()
	<-missed // the request looked,
	<-missed // and so did the making, which now waits for the original
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	release()
	obj, err := thumbs.Open(context.Background(), st, "c", "r", "p.png", "100x100")
	if err != nil {
		t.Fatal(err)
	}
	obj.Close()
	if o := opens.Load(); o != 2 {
		t.Fatalf("the original was read %d times, want 2 (one making)", o)
	}
}

// A damaged image gives no thumb and leaves nothing stored (no thumb, no
// temporary file); the next request tries again rather than finding a
// broken thumb.
func TestThumbnailer_FailedMakingStoresNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := NewLocal(dir)
	good := pngBytes(t, 200, 100)
	damaged := append(bytes.Clone(good[:len(good)/2]), bytes.Repeat([]byte{0x55}, len(good)/2)...)
	if err := st.Put(ctx, Key("c", "r", "p.png"), bytes.NewReader(damaged)); err != nil {
		t.Fatal(err)
	}
	thumbs := NewThumbnailer(ThumbConfig{})
	for range 2 {
		if _, err := thumbs.Open(ctx, st, "c", "r", "p.png", "100x100"); !IsNoThumb(err) {
			t.Fatalf("err = %v, want a no-thumb error", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "c", "r", "thumbs_p.png")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("something is stored for the failed thumb: %v", err)
	}
	if err := st.Put(ctx, Key("c", "r", "p.png"), bytes.NewReader(good)); err != nil {
		t.Fatal(err)
	}
	obj, err := thumbs.Open(ctx, st, "c", "r", "p.png", "100x100")
	if err != nil {
		t.Fatalf("after the original is mended: %v", err)
	}
	obj.Close()
}
