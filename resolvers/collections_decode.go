package resolvers

import (
	"encoding/json"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// decodeNew decodes a new collection's JSON on top of the scaffold of its
// type, as PocketBase does, so that options the body leaves out (auth
// settings, token lifetimes) get their defaults.
func (s *Service) decodeNew(raw []byte) (*schema.Collection, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid JSON body."}
	}
	scaffold := &schema.Collection{Type: head.Type, Indexes: []string{}}
	if head.Type == "" {
		scaffold.Type = schema.TypeBase
	}
	if scaffold.IsAuth() {
		scaffold.AuthOptions = schema.DefaultAuthOptions(store.RandomSecret)
	}
	return s.overlay(scaffold, raw, false)
}

// merge overlays the top-level keys of patch on old's JSON.
func (s *Service) merge(old *schema.Collection, patch []byte) (*schema.Collection, error) {
	next, err := s.overlay(old.Public(s.store.FieldTypes()), patch, true)
	if err != nil {
		return nil, err
	}
	if old.System && !sameRules(old, next) {
		return nil, schema.ValidationErrors{"listRule": &schema.FieldError{Code: "validation_system_rules", Message: "The rules of system collections cannot be changed."}}
	}
	return next, nil
}

// overlay decodes base's JSON with the top-level keys of patch replacing
// its own; keepIdentity keeps base's id and timestamps.
func (s *Service) overlay(base *schema.Collection, patch []byte, keepIdentity bool) (*schema.Collection, error) {
	var over map[string]json.RawMessage
	if err := json.Unmarshal(patch, &over); err != nil {
		return nil, &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid JSON body."}
	}
	raw, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(raw, &merged); err != nil {
		return nil, err
	}
	for k, v := range over {
		if keepIdentity && (k == "id" || k == "created" || k == "updated") {
			continue
		}
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	return schema.DecodeCollection(s.store.FieldTypes(), b)
}

func sameRules(a, b *schema.Collection) bool {
	eq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.ListRule, b.ListRule) && eq(a.ViewRule, b.ViewRule) && eq(a.CreateRule, b.CreateRule) &&
		eq(a.UpdateRule, b.UpdateRule) && eq(a.DeleteRule, b.DeleteRule)
}
