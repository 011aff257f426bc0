package realtime

import (
	"context"
	"fmt"
	"testing"

	"github.com/monobase/monobase/store"
)

// TestHub_WritesNeverWaitForFanOut: with the dispatcher stuck in an
// encoder, commits still return at once; beyond the backlog, changes are
// dropped instead of blocking the writer.
func TestHub_WritesNeverWaitForFanOut(t *testing.T) {
	f := newFixture(t, Config{Backlog: 3})
	c := f.hub.Connect()
	defer c.Close()
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	s := f.sub("posts/*", "", "")
	plan := s.Plan
	s.Plan = func(snap *store.Snapshot) (*Plan, error) {
		p, err := plan(snap)
		if err != nil {
			return nil, err
		}
		encode := p.Encode
		p.Encode = func(ctx context.Context, ch store.Change) (any, error) {
			select {
			case entered <- struct{}{}:
			default:
			}
			<-release
			return encode(ctx, ch)
		}
		return p, nil
	}
	mustSubscribe(t, c, s)
	f.write(f.posts, false, map[string]any{"title": "first"})
	<-entered // the dispatcher is now stuck on the first change
	for i := range 10 {
		f.write(f.posts, false, map[string]any{"title": fmt.Sprint(i)}) // returns: never waits
	}
	close(release)
	for _, want := range []string{"create:first", "create:0", "create:1", "create:2"} {
		if m := next(t, c); m.Payload != want {
			t.Fatalf("got %v, want %s", m.Payload, want)
		}
	}
	if f.hub.dropped.Load() != 7 {
		t.Fatalf("dropped %d changes, want 7", f.hub.dropped.Load())
	}
}

// TestHub_WritersFlushDirectly: a client with a flush function gets its
// messages written by the hub's writers; when the flush cannot write, the
// transport is woken instead.
func TestHub_WritersFlushDirectly(t *testing.T) {
	f := newFixture(t, Config{})
	direct, refusing := f.hub.Connect(), f.hub.Connect()
	defer direct.Close()
	defer refusing.Close()
	flushed := make(chan []*Message, 16)
	direct.SetFlush(func() bool {
		flushed <- direct.Drain(nil)
		return true
	})
	refusing.SetFlush(func() bool { return false })
	mustSubscribe(t, direct, f.sub("posts/*", "", ""))
	mustSubscribe(t, refusing, f.sub("posts/*", "", ""))
	f.write(f.posts, false, map[string]any{"title": "a"}, map[string]any{"title": "b"})
	var got []any
	for len(got) < 2 {
		for _, m := range <-flushed {
			got = append(got, m.Payload)
		}
	}
	if fmt.Sprint(got) != "[create:a create:b]" {
		t.Fatalf("flushed %v", got)
	}
	if m := next(t, refusing); m.Payload != "create:a" {
		t.Fatalf("refusing client got %v", m.Payload)
	}
}
