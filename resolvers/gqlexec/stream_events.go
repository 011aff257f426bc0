package gqlexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// RealtimeStreams serves the generated Subscription root fields through
// the realtime hub: <list>Events (every visible change, listRule with the
// subscriber's identity, where and filter ANDed), and the live queries
// <list> and <list>ByPk (the result now, then again after each change of
// the collection that alters it). Install it with Runtime.SetStreams.
type RealtimeStreams struct {
	rt *Runtime
}

var _ StreamProvider = (*RealtimeStreams)(nil)

// NewRealtimeStreams returns the stream provider of rt's service hub.
func NewRealtimeStreams(rt *Runtime) *RealtimeStreams { return &RealtimeStreams{rt: rt} }

// ErrSubscriptionEnded ends a GraphQL subscription whose collection or one
// of whose fields was removed.
var ErrSubscriptionEnded = errors.New("subscription ended")

// StreamFor implements StreamProvider.
func (p *RealtimeStreams) StreamFor(field string, root schema.RootField) StreamFunc {
	if root.Type == nil || p.rt.svc.Realtime() == nil {
		return nil
	}
	switch root.Kind {
	case schema.RootEvents:
		return p.events(root.Type)
	case schema.RootList:
		return p.liveList(root.Type)
	case schema.RootByPk:
		return p.liveByPk(root.Type)
	}
	return nil
}

// events is <list>Events.
func (p *RealtimeStreams) events(t *schema.GraphQLType) StreamFunc {
	svc := p.rt.svc
	return func(ctx context.Context, args map[string]any) (<-chan any, error) {
		where, err := WhereExpr(t, args["where"])
		if err != nil {
			return nil, err
		}
		filter, _ := args["filter"].(string)
		// compile once now so that a bad where or filter fails the subscribe
		if err := svc.CheckListFilter(ctx, t.Collection, filter, where); err != nil {
			return nil, err
		}
		id := auth.FromContext(ctx)
		key, _ := json.Marshal(args)
		sub := realtime.Subscription{Topic: "gql", Group: "gql-events\x00" + resolvers.IdentityKey(id) + "\x00" + t.Collection.ID + "\x00" + string(key),
			Plan: func(snap *store.Snapshot) (*realtime.Plan, error) {
				c, err := stillThere(snap, t.Collection)
				if err != nil {
					return nil, err
				}
				chk := svc.RealtimeListCheck(id, snap, c, filter, where)
				return &realtime.Plan{Collection: c.ID, Check: chk, Encode: func(_ context.Context, ch store.Change) (any, error) {
					// one value per group and change: its members share the executed result
					return &sharedEvent{Event: Event{Action: ch.Action, Record: ch.Record}}, nil
				}}, nil
			}}
		if ds := directStreamFrom(ctx); ds != nil {
			// the transport takes results from the hub's writers: no
			// goroutine of this stream wakes per event (exec_subscribe.go)
			c, err := p.connect(sub, ds.attach)
			if err != nil {
				return nil, err
			}
			ds.client = c
			return nil, nil
		}
		c, err := p.connect(sub, nil)
		if err != nil {
			return nil, err
		}
		// buffered: what the hub delivered at once reaches the transport at
		// once (a websocket then writes it in one write)
		out := make(chan any, 16)
		go pumpEvents(ctx, c, out)
		return out, nil
	}
}

// stillThere finds old's collection in snap; it is an error when the
// collection or one of its fields is gone (the subscription then ends).
func stillThere(snap *store.Snapshot, old *schema.Collection) (*schema.Collection, error) {
	c := snap.Find(old.ID)
	if c == nil || c.Name != old.Name {
		return nil, fmt.Errorf("%w: collection %s was removed", ErrSubscriptionEnded, old.Name)
	}
	for _, f := range old.Fields {
		if c.Field(f.Common().Name) == nil {
			return nil, fmt.Errorf("%w: field %s of %s was removed", ErrSubscriptionEnded, f.Common().Name, old.Name)
		}
	}
	return c, nil
}

// connect opens a hub client holding sub; setup (optional) runs before
// it subscribes.
func (p *RealtimeStreams) connect(sub realtime.Subscription, setup func(*realtime.Client)) (*realtime.Client, error) {
	c := p.rt.svc.Realtime().Connect()
	if setup != nil {
		setup(c)
	}
	if err := c.Subscribe([]realtime.Subscription{sub}); err != nil {
		c.Close()
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return c, nil
}

// pumpEvents forwards the hub's events to out until ctx ends or the
// client is dropped; an ending error is sent as the last value.
func pumpEvents(ctx context.Context, c *realtime.Client, out chan<- any) {
	defer close(out)
	defer c.Close()
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
		buf = c.Drain(buf[:0])
		for _, m := range buf {
			if m.Err != nil {
				sendEnd(ctx, out, m.Err)
				return
			}
			select {
			case out <- m.Payload:
			case <-ctx.Done():
				return
			}
		}
		clear(buf)
	}
}

// sendEnd sends why the stream ends (unless the subscriber already left).
func sendEnd(ctx context.Context, out chan<- any, err error) {
	if errors.Is(err, realtime.ErrClientClosed) {
		return
	}
	select {
	case out <- streamEndError(err):
	case <-ctx.Done():
	}
}

// streamEndError is the GraphQL error a realtime stream ends with, with an
// extensions.code the client can act on.
func streamEndError(err error) error {
	code := ""
	switch {
	case errors.Is(err, ErrSubscriptionEnded):
		code = "SUBSCRIPTION_ENDED"
	case errors.Is(err, realtime.ErrSlowConsumer):
		code = "SLOW_CONSUMER"
	case errors.Is(err, realtime.ErrClosed):
		code = "SHUTTING_DOWN"
	default:
		return err // a service error: the presenter maps it
	}
	return &gqlerror.Error{Message: err.Error(), Err: err, Extensions: map[string]any{"code": code}}
}
