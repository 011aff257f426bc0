package schema

import (
	"math"
	"strconv"
	"strings"
)

// NumberField is a float64. Min and Max are nullable: nil means no bound.
type NumberField struct {
	FieldCommon
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
	OnlyInt bool     `json:"onlyInt"`
}

func (f *NumberField) Type() string { return "number" }

func (f *NumberField) ColumnDef() string { return "NUMERIC DEFAULT 0 NOT NULL" }

func (f *NumberField) CheckOptions() error {
	errs := ValidationErrors{}
	for key, bound := range map[string]*float64{"min": f.Min, "max": f.Max} {
		switch {
		case bound == nil:
		case math.IsNaN(*bound) || math.IsInf(*bound, 0):
			errs[key] = errInvalid("Must be a finite number.")
		case f.OnlyInt && *bound != math.Trunc(*bound):
			errs[key] = errNotInt()
		}
	}
	if errs["max"] == nil && f.Min != nil && f.Max != nil && *f.Max < *f.Min {
		errs["max"] = errInvalid("Must be at least min.")
	}
	return errs.OrNil()
}

func (f *NumberField) Prepare(v any) (any, error) {
	n, err := toFloat(v)
	if err != nil {
		if isNonFinite(v) {
			return nil, &FieldError{Code: "validation_not_a_number", Message: "The submitted number is not properly formatted."}
		}
		return nil, err
	}
	if n == 0 {
		return n, nil // PocketBase treats 0 as empty: only the required check applies
	}
	if f.OnlyInt && n != math.Trunc(n) {
		return nil, errNotInt()
	}
	if f.Min != nil && n < *f.Min {
		return nil, &FieldError{Code: "validation_min_number_constraint", Message: "Must be greater or equal than " + formatNumber(*f.Min) + ".", Params: map[string]any{"min": *f.Min}}
	}
	if f.Max != nil && n > *f.Max {
		return nil, &FieldError{Code: "validation_max_number_constraint", Message: "Must be less or equal than " + formatNumber(*f.Max) + ".", Params: map[string]any{"max": *f.Max}}
	}
	return n, nil
}

// Encode reads NUMERIC affinity values: SQLite returns int64 or float64, or
// text when a non-numeric string was stored.
func (f *NumberField) Encode(stored any) any {
	switch x := stored.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case bool:
		if x {
			return 1.0
		}
		return 0.0
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(asString(stored)), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0.0
	}
	return n
}

// errNotInt uses PocketBase's code for a decimal in an onlyInt field.
func errNotInt() *FieldError {
	return &FieldError{Code: "validation_only_int_constraint", Message: "Decimal numbers are not allowed."}
}

func isNonFinite(v any) bool {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case string:
		p, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return false
		}
		f = p
	default:
		return false
	}
	return math.IsNaN(f) || math.IsInf(f, 0)
}

func formatNumber(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }
