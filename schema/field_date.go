package schema

import (
	"errors"
	"strings"
	"time"
)

// DateLayout is PocketBase's datetime layout: UTC, a space, milliseconds
// and a literal Z.
const DateLayout = "2006-01-02 15:04:05.000Z"

// FormatDate formats t in DateLayout (UTC); the zero time gives "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(DateLayout)
}

// dateLayouts are tried in order. Go accepts a fractional second after the
// seconds on parse even when the layout has none, so these also read
// DateLayout itself.
var dateLayouts = []string{
	"2006-01-02 15:04:05Z07:00",
	time.RFC3339,
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// ParseDate reads a datetime in DateLayout, RFC 3339 (any offset),
// "2006-01-02 15:04:05" or "2006-01-02" (both taken as UTC). "" gives the
// zero time and no error.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New("invalid date " + s)
}

// DateField is a datetime stored as DateLayout text. Min and Max are
// datetimes; "" means no bound.
type DateField struct {
	FieldCommon
	Min string `json:"min"`
	Max string `json:"max"`
}

func (f *DateField) Type() string { return "date" }

func (f *DateField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *DateField) CheckOptions() error {
	errs := ValidationErrors{}
	lo, err := ParseDate(f.Min)
	if err != nil {
		errs["min"] = errInvalidDate()
	}
	hi, err := ParseDate(f.Max)
	if err != nil {
		errs["max"] = errInvalidDate()
	} else if !lo.IsZero() && !hi.IsZero() && hi.Before(lo) {
		errs["max"] = errInvalid("Must be after min.")
	}
	return errs.OrNil()
}

func (f *DateField) Prepare(v any) (any, error) {
	t, err := toDate(v)
	if err != nil {
		return nil, err
	}
	if t.IsZero() {
		return "", nil
	}
	// Bounds that do not parse were rejected by CheckOptions; skip them here.
	// PocketBase's texts write the bound as Go prints a time, and its
	// threshold param as JSON encodes one (RFC 3339).
	if lo, _ := ParseDate(f.Min); !lo.IsZero() && t.Before(lo) {
		return nil, &FieldError{Code: "validation_min_greater_equal_than_required", Message: "Must be no less than " + lo.String() + ".", Params: map[string]any{"threshold": lo.Format(time.RFC3339Nano)}}
	}
	if hi, _ := ParseDate(f.Max); !hi.IsZero() && t.After(hi) {
		return nil, &FieldError{Code: "validation_max_less_equal_than_required", Message: "Must be no greater than " + hi.String() + ".", Params: map[string]any{"threshold": hi.Format(time.RFC3339Nano)}}
	}
	return FormatDate(t), nil
}

// Encode returns the stored text; values written by Prepare are already in
// DateLayout.
func (f *DateField) Encode(stored any) any { return stringValue(stored) }

// toDate reads a date input: a string in one of the accepted layouts, a
// time.Time, or a number of Unix seconds.
func toDate(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case string, []byte, nil:
		t, err := ParseDate(asString(x))
		if err != nil {
			return time.Time{}, errInvalidDate()
		}
		return t, nil
	}
	n, err := toFloat(v)
	if err != nil {
		return time.Time{}, errInvalidDate()
	}
	if n == 0 {
		return time.Time{}, nil
	}
	sec, frac := int64(n), n-float64(int64(n))
	return time.Unix(sec, int64(frac*1e9)).UTC(), nil
}

func errInvalidDate() *FieldError {
	return &FieldError{Code: "validation_invalid_date", Message: "Must be a valid date."}
}
