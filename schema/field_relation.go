package schema

import (
	"fmt"
	"regexp"
)

// RelationField references records of another collection by id: one
// (maxSelect ≤ 1) or a list. Whether the ids exist is checked by the record
// service, which can query; here only their shape is.
type RelationField struct {
	FieldCommon
	CollectionID  string `json:"collectionId"`
	CascadeDelete bool   `json:"cascadeDelete"`
	MinSelect     int    `json:"minSelect"`
	MaxSelect     int    `json:"maxSelect"`
}

func (f *RelationField) Type() string { return "relation" }

// IsMulti reports whether the field holds a list (maxSelect > 1).
func (f *RelationField) IsMulti() bool { return f.MaxSelect > 1 }

func (f *RelationField) ColumnDef() string {
	if f.IsMulti() {
		return "JSON DEFAULT '[]'"
	}
	return "TEXT DEFAULT ''"
}

func (f *RelationField) CheckOptions() error {
	errs := ValidationErrors{}
	if f.CollectionID == "" {
		errs["collectionId"] = errRequired()
	}
	if f.MinSelect < 0 {
		errs["minSelect"] = errInvalid("Must be 0 or more.")
	}
	if f.MaxSelect < 0 || (f.MinSelect > 0 && f.MaxSelect < f.MinSelect) {
		errs["maxSelect"] = errInvalid("Must be 0 or more, and at least minSelect.")
	}
	return errs.OrNil()
}

var recordIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,255}$`)

func (f *RelationField) Prepare(v any) (any, error) {
	ids, err := toStringList(v)
	if err != nil {
		return nil, err
	}
	if !f.IsMulti() && len(ids) > 1 {
		ids = ids[len(ids)-1:] // PocketBase keeps the last id of a single relation
	}
	if len(ids) > 0 && len(ids) < f.MinSelect {
		return nil, &FieldError{Code: "validation_not_enough_values", Message: fmt.Sprintf("Select at least %d.", f.MinSelect), Params: map[string]any{"minSelect": f.MinSelect}}
	}
	if f.IsMulti() && len(ids) > f.MaxSelect {
		return nil, errTooManyValues(f.MaxSelect)
	}
	for _, id := range ids {
		// A malformed id cannot exist, so it gets the "missing" error the
		// existence check would give.
		if !recordIDPattern.MatchString(id) {
			return nil, &FieldError{Code: "validation_missing_rel_records", Message: "Failed to find all relation records with the provided ids."}
		}
	}
	return storeList(f.IsMulti(), ids), nil
}

func (f *RelationField) Encode(stored any) any { return encodeList(f.IsMulti(), stored) }

// IDs returns the ids in a stored relation value, for the record service's
// existence check and expand.
func (f *RelationField) IDs(stored any) []string {
	if f.IsMulti() {
		return storedList(stored)
	}
	if s := asString(stored); s != "" {
		return []string{s}
	}
	return []string{}
}
