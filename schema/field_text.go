package schema

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// DefaultTextMax is the length limit of a text field whose max is 0.
const DefaultTextMax = 5000

// TextField is a plain string. The system `id` field is a TextField with
// PrimaryKey set.
type TextField struct {
	FieldCommon
	Min                 int    `json:"min"`
	Max                 int    `json:"max"`
	Pattern             string `json:"pattern"`
	AutogeneratePattern string `json:"autogeneratePattern"`
	PrimaryKey          bool   `json:"primaryKey"`
}

func (f *TextField) Type() string { return "text" }

func (f *TextField) ColumnDef() string {
	if f.PrimaryKey {
		return "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL"
	}
	return "TEXT DEFAULT '' NOT NULL"
}

func (f *TextField) CheckOptions() error {
	errs := ValidationErrors{}
	if f.Min < 0 {
		errs["min"] = errInvalid("Must be 0 or more.")
	}
	if f.Max < 0 || (f.Max > 0 && f.Max < f.Min) {
		errs["max"] = errInvalid("Must be 0 (default) or at least min.")
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			errs["pattern"] = errInvalid("Invalid regular expression.")
		}
	}
	if f.AutogeneratePattern != "" {
		if _, err := regexp.Compile(f.AutogeneratePattern); err != nil {
			errs["autogeneratePattern"] = errInvalid("Invalid regular expression.")
		}
	}
	return errs.OrNil()
}

func (f *TextField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil {
		return nil, err
	}
	return s, f.checkText(s)
}

func (f *TextField) checkText(s string) error {
	if s == "" {
		return nil // emptiness is judged by the generic required check
	}
	n := utf8.RuneCountInString(s)
	if f.Min > 0 && n < f.Min {
		return &FieldError{Code: "validation_min_text_constraint", Message: fmt.Sprintf("Must be at least %d character(s).", f.Min), Params: map[string]any{"min": f.Min}}
	}
	limit := f.Max
	if limit == 0 {
		limit = DefaultTextMax
	}
	if n > limit {
		return &FieldError{Code: "validation_max_text_constraint", Message: fmt.Sprintf("Must be no more than %d character(s).", limit), Params: map[string]any{"max": limit}}
	}
	if f.Pattern != "" {
		re, err := regexp.Compile(f.Pattern)
		if err == nil && !re.MatchString(s) {
			return &FieldError{Code: "validation_invalid_format", Message: "Invalid value format."}
		}
	}
	return nil
}

func (f *TextField) Encode(stored any) any { return stringValue(stored) }
