package resolvers

import (
	"context"
	"strings"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/realtime"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// SetRealtime installs the hub that realtime transports subscribe through.
func (s *Service) SetRealtime(h *realtime.Hub) { s.hub = h }

// Realtime returns the hub (nil when realtime is off).
func (s *Service) Realtime() *realtime.Hub { return s.hub }

// RealtimeEvent is the payload of a record change for one subscriber
// group: the action and the record encoded for that group's identity, with
// expand applied.
type RealtimeEvent struct {
	Action string     // create, update or delete
	Record JSONRecord // the record after the change (before it, for delete)
	Raw    *store.Record
}

// realtimeCaller is what a subscription knows of its subscriber: identity,
// @request.query and @request.headers (from the topic's options), and
// @request.context "realtime", method GET.
type realtimeCaller struct {
	id      *auth.Identity
	query   map[string]string
	headers map[string]string
}

// IdentityKey names an identity for grouping and for PocketBase's
// "authorization must not change" check: "" for a guest.
func IdentityKey(id *auth.Identity) string {
	if id == nil || id.Record == nil {
		return ""
	}
	return id.Collection.ID + "/" + id.Record.ID()
}

// context returns a context carrying the caller's identity and request
// info, cancelled with parent (the hub's).
func (rc *realtimeCaller) context(parent context.Context) context.Context {
	ctx := auth.WithIdentity(parent, rc.id)
	return WithRequestInfo(ctx, &RequestInfo{Method: "GET", Query: rc.query, Headers: rc.headers, Context: "realtime"})
}

// realtimeCheck builds the realtime check of rule (listRule or viewRule) and an
// optional client filter, for the caller, against snap.
func (s *Service) realtimeCheck(rc *realtimeCaller, snap *store.Snapshot, c *schema.Collection, rule *string, filter string) realtime.Check {
	ctx := rc.context(context.Background())
	super := rc.id.IsSuperuser()
	var chk realtime.Check
	if !super {
		if rule == nil {
			return realtime.Check{Deny: true}
		}
		if strings.TrimSpace(*rule) != "" {
			expr, err := rules.Parse(*rule)
			if err != nil {
				return realtime.Check{Deny: true} // a broken rule denies
			}
			chk.Conds = append(chk.Conds, realtime.Cond{Expr: expr, Resolver: s.resolverAt(ctx, snap, c, rules.AccessRule)})
		}
	}
	if strings.TrimSpace(filter) != "" {
		expr, err := rules.Parse(filter)
		if err != nil {
			return realtime.Check{Deny: true} // PocketBase: a failing filter means "not sent"
		}
		chk.Conds = append(chk.Conds, realtime.Cond{Expr: expr, Resolver: s.resolverAt(ctx, snap, c, clientAccessOf(rc.id))})
	}
	return chk
}

// resolverAt is resolver for a given schema snapshot.
func (s *Service) resolverAt(ctx context.Context, snap *store.Snapshot, c *schema.Collection, access rules.Access) *rules.TableResolver {
	tables, byName := s.tables.get(snap)
	root := byName[strings.ToLower(c.Name)]
	if root == nil {
		root = tableOf(c, snap)
	}
	return &rules.TableResolver{Table: root, Tables: tables, Req: rulesRequest(ctx, nil), Access: access, Clock: s.now}
}

// encodeEvent encodes a change for the caller, expanding expand.
func (s *Service) encodeEvent(ctx context.Context, rc *realtimeCaller, ch store.Change, expand string) (*RealtimeEvent, error) {
	ctx = rc.context(ctx)
	recs := []*store.Record{ch.Record}
	out, err := s.Encode(ctx, recs, EncodeOptions{})
	if err != nil {
		return nil, err
	}
	if expand != "" {
		if err := s.Expand(ctx, recs, out, expand); err != nil {
			return nil, err
		}
	}
	return &RealtimeEvent{Action: string(ch.Action), Record: out[0], Raw: ch.Record}, nil
}
