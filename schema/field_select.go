package schema

import (
	"fmt"
	"slices"
)

// SelectField holds one (maxSelect ≤ 1) or several of a fixed list of values.
type SelectField struct {
	FieldCommon
	Values    []string `json:"values"`
	MaxSelect int      `json:"maxSelect"`
}

func (f *SelectField) Type() string { return "select" }

// IsMulti reports whether the field holds a list (maxSelect > 1).
func (f *SelectField) IsMulti() bool { return f.MaxSelect > 1 }

func (f *SelectField) ColumnDef() string {
	if f.IsMulti() {
		return "JSON DEFAULT '[]'"
	}
	return "TEXT DEFAULT ''"
}

func (f *SelectField) CheckOptions() error {
	errs := ValidationErrors{}
	if len(f.Values) == 0 {
		errs["values"] = errRequired()
	}
	for i, v := range f.Values {
		if v == "" || slices.Index(f.Values, v) != i {
			errs["values"] = errInvalid("Values must be non-empty and unique.")
			break
		}
	}
	if f.MaxSelect < 0 || f.MaxSelect > max(len(f.Values), 1) {
		errs["maxSelect"] = errInvalid(fmt.Sprintf("Must be between 0 and %d.", max(len(f.Values), 1)))
	}
	return errs.OrNil()
}

func (f *SelectField) Prepare(v any) (any, error) {
	list, err := toStringList(v)
	if err != nil {
		return nil, err
	}
	if f.IsMulti() && len(list) > f.MaxSelect {
		return nil, errTooManyValues(f.MaxSelect)
	}
	stored := storeList(f.IsMulti(), list)
	// A single field keeps only the last value, so only that one is checked.
	if !f.IsMulti() && len(list) > 1 {
		list = list[len(list)-1:]
	}
	for _, s := range list {
		if !slices.Contains(f.Values, s) {
			return nil, &FieldError{Code: "validation_invalid_value", Message: "Invalid value " + s + ".", Params: map[string]any{"value": s}}
		}
	}
	return stored, nil
}

func (f *SelectField) Encode(stored any) any { return encodeList(f.IsMulti(), stored) }

func errTooManyValues(n int) *FieldError {
	return &FieldError{Code: "validation_too_many_values", Message: fmt.Sprintf("Select no more than %d.", n), Params: map[string]any{"maxSelect": n}}
}
