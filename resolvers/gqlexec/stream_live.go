package gqlexec

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// changed is the payload of live-query subscriptions: only that something
// in the collection changed; the subscriber re-runs its query.
type changed struct{}

// liveSubscription is a subscription to every change of t's collection
// (or of one record). All live queries on it share one group: their check
// and payload do not depend on the subscriber.
func liveSubscription(t *schema.GraphQLType, recordID string) realtime.Subscription {
	return realtime.Subscription{Topic: "gql", Group: "gql-live\x00" + t.Collection.ID + "\x00" + recordID,
		Plan: func(snap *store.Snapshot) (*realtime.Plan, error) {
			c, err := stillThere(snap, t.Collection)
			if err != nil {
				return nil, err
			}
			return &realtime.Plan{Collection: c.ID, RecordID: recordID, Encode: func(context.Context, store.Change) (any, error) {
				return changed{}, nil
			}}, nil
		}}
}

// liveList is the live <list>: the list now, then the new list after each
// change that alters it. Changes that arrive while a query runs are
// coalesced into one re-run; an unchanged result is not sent again.
func (p *RealtimeStreams) liveList(t *schema.GraphQLType) StreamFunc {
	return func(ctx context.Context, args map[string]any) (<-chan any, error) {
		ctx = realtimeContext(ctx)
		x := &Executable{rt: p.rt, svc: p.rt.svc}
		run := func() (any, error) {
			params, limit, _, err := x.listParams(ctx, t, args)
			if err != nil {
				return nil, err
			}
			if limit == 0 {
				return []*store.Record{}, nil
			}
			res, err := p.rt.svc.List(ctx, t.Collection.Name, params)
			if err != nil {
				return nil, err
			}
			return res.Items, nil
		}
		return p.live(ctx, liveSubscription(t, ""), run)
	}
}

// liveByPk is the live <list>ByPk: the record now (null when hidden or
// missing), then again after each change of it.
func (p *RealtimeStreams) liveByPk(t *schema.GraphQLType) StreamFunc {
	return func(ctx context.Context, args map[string]any) (<-chan any, error) {
		ctx = realtimeContext(ctx)
		id, _ := args["id"].(string)
		run := func() (any, error) {
			rec, err := p.rt.svc.View(ctx, t.Collection.Name, id)
			if resolvers.HasStatus(err, http.StatusNotFound) {
				return (*store.Record)(nil), nil
			}
			return rec, err
		}
		return p.live(ctx, liveSubscription(t, id), run)
	}
}

// realtimeContext marks ctx's rule checks with @request.context "realtime".
func realtimeContext(ctx context.Context) context.Context {
	return resolvers.WithContextName(ctx, "realtime")
}

// live runs the first query, then re-runs it after changes.
func (p *RealtimeStreams) live(ctx context.Context, sub realtime.Subscription, run func() (any, error)) (<-chan any, error) {
	first, err := run()
	if err != nil {
		return nil, err
	}
	c, err := p.connect(sub, nil)
	if err != nil {
		return nil, err
	}
	out := make(chan any)
	go pumpLive(ctx, c, out, first, run)
	return out, nil
}

func pumpLive(ctx context.Context, c *realtime.Client, out chan<- any, first any, run func() (any, error)) {
	defer close(out)
	defer c.Close()
	last := fingerprint(first)
	select {
	case out <- first:
	case <-ctx.Done():
		return
	}
	var buf []*realtime.Message
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.Ready():
		}
		if err := c.Err(); err != nil {
			sendEnd(ctx, out, err)
			return
		}
		buf = c.Drain(buf[:0]) // every change so far: one re-run
		for _, m := range buf {
			if m.Err != nil {
				sendEnd(ctx, out, m.Err)
				return
			}
		}
		clear(buf)
		v, err := run()
		if err != nil {
			sendEnd(ctx, out, err)
			return
		}
		if fp := fingerprint(v); !bytes.Equal(fp, last) {
			last = fp
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}
}

// fingerprint is what decides "unchanged": the stored values of the
// records, in order.
func fingerprint(v any) []byte {
	var data []map[string]any
	switch x := v.(type) {
	case []*store.Record:
		for _, r := range x {
			data = append(data, r.Data)
		}
	case *store.Record:
		if x != nil {
			data = append(data, x.Data)
		}
	}
	b, _ := json.Marshal(data)
	return b
}
