package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/store"
)

// realtimeSetSubscriptions is POST /api/realtime: it replaces the whole
// subscription set of an SSE client (POCKETBASE_REST.md §8.2).
func (a *API) realtimeSetSubscriptions(w http.ResponseWriter, r *http.Request) {
	hub := a.svc.Realtime()
	if hub == nil {
		a.notFound(w, r)
		return
	}
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	clientID, _ := body["clientId"].(string)
	topics, err := topicList(body["subscriptions"])
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	c := hub.Client(clientID)
	if clientID == "" || c == nil {
		a.writeError(w, r, resolvers.NotFound("Missing or invalid client id."))
		return
	}
	if !c.Claim(resolvers.IdentityKey(auth.FromContext(r.Context()))) {
		a.writeError(w, r, resolvers.Forbidden("The current and the previous request authorization don't match."))
		return
	}
	subs := make([]realtime.Subscription, 0, len(topics))
	for _, t := range topics {
		subs = append(subs, a.sseSubscription(r.Context(), t))
	}
	if err := c.Subscribe(subs); err != nil {
		if errors.Is(err, realtime.ErrTooManyTopics) || errors.Is(err, realtime.ErrTopicTooLong) {
			a.writeError(w, r, resolvers.BadRequest("Failed to load the submitted data due to invalid formatting.", err))
			return
		}
		a.writeError(w, r, resolvers.NotFound("Missing or invalid client id."))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func topicList(v any) ([]string, error) {
	list, ok := v.([]any)
	if v != nil && !ok {
		return nil, resolvers.BadRequest("Failed to load the submitted data due to invalid formatting.", nil)
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, resolvers.BadRequest("Failed to load the submitted data due to invalid formatting.", nil)
		}
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// sseSubscription is the record service's subscription for topic with
// its payload rendered once per group as the SSE data line:
// {"action":…,"record":…} with the options' fields picker applied.
func (a *API) sseSubscription(ctx context.Context, topic string) realtime.Subscription {
	sub := a.svc.TopicSubscription(ctx, topic, "sse")
	_, opts := resolvers.ParseTopic(topic)
	var picker *fieldPicker
	if spec := opts.Query["fields"]; spec != "" {
		picker = parseFields(spec)
	}
	plan := sub.Plan
	sub.Plan = func(snap *store.Snapshot) (*realtime.Plan, error) {
		p, err := plan(snap)
		if p == nil || err != nil {
			return p, err
		}
		encode := p.Encode
		p.Encode = func(ctx context.Context, ch store.Change) (any, error) {
			v, err := encode(ctx, ch)
			if err != nil {
				return nil, err
			}
			return sseData(v.(*resolvers.RealtimeEvent), picker)
		}
		return p, nil
	}
	return sub
}

// sseData renders an event as its data line.
func sseData(ev *resolvers.RealtimeEvent, picker *fieldPicker) ([]byte, error) {
	var record any = ev.Record
	if picker != nil {
		g, err := toGeneric(ev.Record)
		if err != nil {
			return nil, fmt.Errorf("pick fields: %w", err)
		}
		record = picker.apply(g)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		Action string `json:"action"`
		Record any    `json:"record"`
	}{ev.Action, record})
	if err != nil {
		return nil, fmt.Errorf("encode realtime message: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
