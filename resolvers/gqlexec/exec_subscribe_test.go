package gqlexec

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/store"
)

// recordingSink is an EventSink that keeps what it was given.
type recordingSink struct {
	mu      sync.Mutex
	got     []string
	flushes int
	resumed int
}

func (s *recordingSink) Data(d json.RawMessage) { s.got = append(s.got, string(d)) }
func (s *recordingSink) Flush()                 { s.flushes++ }
func (s *recordingSink) Resume() {
	s.mu.Lock()
	s.resumed++
	s.mu.Unlock()
}

func (s *recordingSink) resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumed
}

// Events whose shared result the hub's writers can deliver go straight to
// the sink; the first one that cannot (its run reported errors) and every
// event after it wait for the operation's goroutine, so order holds; the
// stream ends with the error the hub sent, and its client is closed.
func TestDirectStream_OrderAndEnd(t *testing.T) {
	hub := realtime.New(nil, realtime.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer hub.Close()
	sink := &recordingSink{}
	ds := &directStream{sink: sink, result: func(se *sharedEvent) json.RawMessage {
		if se.Action == "bad" {
			return nil // the shared run reported errors
		}
		return json.RawMessage(`"` + string(se.Action) + `"`)
	}}
	c := hub.Connect()
	ds.attach(c)
	ev := func(a string) realtime.Message {
		return realtime.Message{Payload: &sharedEvent{Event: Event{Action: store.Action(a)}}}
	}
	c.Send(ev("e1"))
	c.Send(ev("bad"))
	c.Send(ev("e3"))
	if ds.flush() {
		t.Fatal("flush delivered an event that needs the operation's goroutine")
	}
	if len(sink.got) != 1 || sink.got[0] != `"e1"` || sink.flushes != 1 {
		t.Fatalf("writer delivered %v (%d flushes)", sink.got, sink.flushes)
	}
	if ds.flush() { // pending: the writers leave it to next
		t.Fatal("flush ran past a pending event")
	}
	ctx := context.Background()
	var ran []any
	run := func(v any) *graphql.Response {
		ran = append(ran, v)
		return &graphql.Response{}
	}
	if ds.next(ctx, ctx, run) == nil || len(ran) != 1 || ran[0].(*sharedEvent).Action != "bad" {
		t.Fatalf("next ran %v", ran)
	}
	// e3 follows the unsent response: not before it
	c.Send(ev("e4"))
	if ds.flush() || len(sink.got) != 1 {
		t.Fatalf("writer delivered %v while a response was unsent", sink.got)
	}
	c.Send(realtime.Message{Err: ErrSubscriptionEnded})
	resp := ds.next(ctx, ctx, run)
	if resp == nil || len(ran) != 2 {
		t.Fatalf("want the ending error, got %v (ran %v)", resp, ran)
	}
	var gerr interface{ Error() string }
	if gerr, _ = ran[1].(error); gerr == nil || !errors.Is(ran[1].(error), ErrSubscriptionEnded) {
		t.Fatalf("ending value %v", ran[1])
	}
	if want := []string{`"e1"`, `"e3"`, `"e4"`}; len(sink.got) != 3 || sink.got[1] != want[1] || sink.got[2] != want[2] {
		t.Fatalf("sink got %v, want %v", sink.got, want)
	}
	if ds.next(ctx, ctx, run) != nil {
		t.Fatal("the stream did not end")
	}
	if !errors.Is(c.Err(), realtime.ErrClientClosed) {
		t.Fatalf("client: %v", c.Err())
	}
	if !ds.flush() || len(sink.got) != 3 {
		t.Fatal("an ended stream delivered")
	}
}

// With nothing to do the handler parks (no goroutine waits); a message
// the writers leave, or the operation's end, resumes it through the sink.
func TestDirectStream_ParksAndResumes(t *testing.T) {
	hub := realtime.New(nil, realtime.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer hub.Close()
	sink := &recordingSink{}
	ds := &directStream{sink: sink, result: func(*sharedEvent) json.RawMessage { return json.RawMessage("1") }}
	c := hub.Connect()
	ds.attach(c)
	ctx, cancel := context.WithCancel(context.Background())
	context.AfterFunc(ctx, ds.end)
	run := func(any) *graphql.Response { return &graphql.Response{} }
	if !Parked(ds.next(ctx, ctx, run)) {
		t.Fatal("an idle stream did not park")
	}
	c.Send(realtime.Message{Payload: &sharedEvent{}}) // queued with a wake, as schema notices are
	if sink.resumes() != 1 {
		t.Fatalf("resumed %d times", sink.resumes())
	}
	if !Parked(ds.next(ctx, ctx, run)) || len(sink.got) != 1 {
		t.Fatalf("after the wake: sink got %v", sink.got)
	}
	cancel()
	<-c.Done()
	if sink.resumes() != 2 {
		t.Fatalf("the end did not resume the parked stream (%d)", sink.resumes())
	}
	if ds.next(ctx, context.Background(), run) != nil {
		t.Fatal("a cancelled stream answered")
	}
}

// Subscriptions running the same operation share one result per event;
// another operation gets its own; the names are dropped with their last
// subscription.
func TestSharedEvent_ResultPerOperation(t *testing.T) {
	k1, k2 := shareKey{op: "a"}, shareKey{op: "b"}
	a, a2, b := acquireShare(k1), acquireShare(k1), acquireShare(k2)
	if a != a2 || a == b {
		t.Fatal("share names")
	}
	se := &sharedEvent{}
	runs := 0
	run := func(s string) func() json.RawMessage {
		return func() json.RawMessage { runs++; return json.RawMessage(s) }
	}
	if string(se.result(a, run("A"))) != "A" || string(se.result(a2, run("X"))) != "A" || string(se.result(b, run("B"))) != "B" || string(se.result(b, run("Y"))) != "B" {
		t.Fatal("results")
	}
	if runs != 2 {
		t.Fatalf("%d runs", runs)
	}
	a.release()
	a2.release()
	b.release()
	shareIDs.Lock()
	left := shareIDs.m[k1] != nil || shareIDs.m[k2] != nil
	shareIDs.Unlock()
	if left {
		t.Fatal("share names left after their last subscription")
	}
}
