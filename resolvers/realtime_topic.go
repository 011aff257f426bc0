package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/store"
)

// TopicOptions are the `?options=` of a PocketBase subscription:
// query (filter, expand, fields, and any @request.query.*) and headers
// (@request.headers.*, keys snake_cased).
type TopicOptions struct {
	Query   map[string]string
	Headers map[string]string
}

// ParseTopic splits a PocketBase subscription string into its base
// ("posts/*", "posts/RECORD_ID") and options. Bad options are ignored, as
// PocketBase does.
func ParseTopic(topic string) (string, TopicOptions) {
	base, rawQuery, _ := strings.Cut(topic, "?")
	opts := TopicOptions{Query: map[string]string{}, Headers: map[string]string{}}
	if rawQuery == "" {
		return base, opts
	}
	vals, err := url.ParseQuery(rawQuery)
	if err != nil || vals.Get("options") == "" {
		return base, opts
	}
	var raw struct {
		Query   map[string]any `json:"query"`
		Headers map[string]any `json:"headers"`
	}
	if json.Unmarshal([]byte(vals.Get("options")), &raw) != nil {
		return base, opts
	}
	for k, v := range raw.Query {
		opts.Query[k] = optionString(v)
	}
	for k, v := range raw.Headers {
		opts.Headers[rules.SnakeHeader(k)] = optionString(v)
	}
	return base, opts
}

func optionString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = optionString(p)
		}
		return strings.Join(parts, ",")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TopicSubscription builds the hub subscription of a PocketBase topic for
// the identity in ctx (POCKETBASE_REST.md §8.3): "<collection>/*" (or the
// legacy "<collection>") under the listRule, "<collection>/<id>" under the
// viewRule, the options' filter ANDed, expand applied per subscriber. The
// collection is matched by exact id or name. A topic naming no collection
// stays dormant (custom messages only). Payloads are *RealtimeEvent; group
// is prefixed to the subscription's Group so that transports with their
// own payload shape do not share groups.
func (s *Service) TopicSubscription(ctx context.Context, topic, group string) realtime.Subscription {
	base, opts := ParseTopic(topic)
	rc := &realtimeCaller{id: auth.FromContext(ctx), query: opts.Query, headers: opts.Headers}
	collPart, recordID, hasSlash := strings.Cut(base, "/")
	if !hasSlash {
		recordID = "*"
	}
	return realtime.Subscription{
		Topic: topic,
		Group: group + "\x00" + IdentityKey(rc.id) + "\x00" + topic,
		Plan: func(snap *store.Snapshot) (*realtime.Plan, error) {
			if snap == nil || collPart == "" || recordID == "" {
				return nil, nil
			}
			c := snap.Find(collPart)
			if c == nil || (c.Name != collPart && c.ID != collPart) {
				return nil, nil
			}
			plan := &realtime.Plan{Collection: c.ID}
			rule := c.ListRule
			if recordID != "*" {
				plan.RecordID = recordID
				rule = c.ViewRule
			}
			plan.Check = s.realtimeCheck(rc, snap, c, rule, opts.Query["filter"])
			expand := opts.Query["expand"]
			plan.Encode = func(ctx context.Context, ch store.Change) (any, error) {
				ev, err := s.encodeEvent(ctx, rc, ch, expand)
				if err != nil {
					return nil, fmt.Errorf("encode %s event: %w", c.Name, err)
				}
				return ev, nil
			}
			return plan, nil
		},
	}
}
