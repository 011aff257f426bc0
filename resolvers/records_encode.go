package resolvers

import (
	"context"
	"strings"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// JSONRecord is a record as the APIs return it.
type JSONRecord = map[string]any

// EncodeOptions change what Encode reveals.
type EncodeOptions struct {
	// ShowEmail reveals the email whatever emailVisibility says (auth responses).
	ShowEmail bool
}

// Encode turns records of one collection into PocketBase's JSON shape for
// the caller: hidden fields only for superusers, password and tokenKey
// never, email only when emailVisibility is on or the caller is the record
// itself, a superuser or a manager.
func (s *Service) Encode(ctx context.Context, recs []*store.Record, opt EncodeOptions) ([]JSONRecord, error) {
	if len(recs) == 0 {
		return []JSONRecord{}, nil
	}
	c := recs[0].Collection
	vis, err := s.VisibilityOf(ctx, recs, opt)
	if err != nil {
		return nil, err
	}
	out := make([]JSONRecord, len(recs))
	for i, rec := range recs {
		m := make(JSONRecord, len(c.Fields)+2)
		for _, f := range c.Fields {
			if !vis.Hides(f, rec) {
				m[f.Common().Name] = f.Encode(rec.Get(f.Common().Name))
			}
		}
		m["collectionId"] = c.ID
		m["collectionName"] = c.Name
		out[i] = m
	}
	return out, nil
}

// Visibility is what the caller may read of records of one collection:
// the one place Encode (REST, realtime) and GraphQL's field-by-field
// encoding take their rules from.
type Visibility struct {
	super     bool            // hidden fields show
	showEmail bool            // every email shows (a superuser, an auth response)
	selfCol   string          // the caller's collection and record: its own email shows
	selfID    string          //
	managed   map[string]bool // records whose email the manageRule reveals
}

// VisibilityOf is the caller's visibility of recs (all of one collection);
// for an auth collection it asks the manageRule once for all of them.
func (s *Service) VisibilityOf(ctx context.Context, recs []*store.Record, opt EncodeOptions) (*Visibility, error) {
	id := auth.FromContext(ctx)
	v := &Visibility{super: id.IsSuperuser()}
	v.showEmail = v.super || opt.ShowEmail
	if id != nil && id.Collection != nil && id.Record != nil {
		v.selfCol, v.selfID = id.Collection.ID, id.ID()
	}
	if c := recs[0].Collection; c.IsAuth() && !v.showEmail {
		var err error
		if v.managed, err = s.managedIDs(ctx, c, recs); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Hides reports whether field f of rec stays out of what the caller reads:
// password and tokenKey always, hidden fields but for superusers, an
// email unless visible, the caller's own, managed or shown to all.
func (v *Visibility) Hides(f schema.Field, rec *store.Record) bool {
	c, name := rec.Collection, f.Common().Name
	if f.Type() == "password" || (c.IsAuth() && name == "tokenKey") || (f.Common().Hidden && !v.super) {
		return true
	}
	return c.IsAuth() && name == "email" && !v.showEmail && !asBool(rec.Get("emailVisibility")) &&
		!(v.selfID != "" && v.selfCol == c.ID && v.selfID == rec.ID()) && !v.managed[rec.ID()]
}

// managedIDs returns which of recs the caller manages through manageRule,
// in one query.
func (s *Service) managedIDs(ctx context.Context, c *schema.Collection, recs []*store.Record) (map[string]bool, error) {
	if c.ManageRule == nil || strings.TrimSpace(*c.ManageRule) == "" || auth.FromContext(ctx) == nil {
		return nil, nil
	}
	cond, err := rules.CompileString(*c.ManageRule, s.resolver(ctx, c, rules.AccessRule, nil))
	if err != nil {
		return nil, nil // a broken manage rule reveals nothing
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID()
	}
	matched, err := s.idsMatching(ctx, c, ids, cond)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(matched))
	for _, id := range matched {
		out[id] = true
	}
	return out, nil
}
