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
	id := auth.FromContext(ctx)
	super := id.IsSuperuser()
	var managed map[string]bool
	if c.IsAuth() && !super && !opt.ShowEmail {
		var err error
		if managed, err = s.managedIDs(ctx, c, recs); err != nil {
			return nil, err
		}
	}
	out := make([]JSONRecord, len(recs))
	for i, rec := range recs {
		m := make(JSONRecord, len(c.Fields)+2)
		for _, f := range c.Fields {
			name := f.Common().Name
			if f.Type() == "password" || (c.IsAuth() && name == "tokenKey") {
				continue
			}
			if f.Common().Hidden && !super {
				continue
			}
			m[name] = f.Encode(rec.Get(name))
		}
		if c.IsAuth() && !super && !opt.ShowEmail && !asBool(rec.Get("emailVisibility")) {
			self := id != nil && id.Collection.ID == c.ID && id.ID() == rec.ID()
			if !self && !managed[rec.ID()] {
				delete(m, "email")
			}
		}
		m["collectionId"] = c.ID
		m["collectionName"] = c.Name
		out[i] = m
	}
	return out, nil
}

// EncodeOne is Encode for a single record.
func (s *Service) EncodeOne(ctx context.Context, rec *store.Record, opt EncodeOptions) (JSONRecord, error) {
	out, err := s.Encode(ctx, []*store.Record{rec}, opt)
	if err != nil {
		return nil, err
	}
	return out[0], nil
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
