package schema

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Password limits: bcrypt reads at most 72 bytes; PocketBase caps the
// length at 71.
const (
	DefaultPasswordMin  = 8
	MaxPasswordLength   = 71
	DefaultPasswordCost = 10
)

// PasswordField is a write-only secret. Prepare checks the plain text and
// returns it unchanged; the auth layer hashes it with BcryptCost before it is
// stored, and Encode never exposes it.
type PasswordField struct {
	FieldCommon
	Pattern string `json:"pattern"`
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	Cost    int    `json:"cost"`
}

func (f *PasswordField) Type() string { return "password" }

func (f *PasswordField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *PasswordField) CheckOptions() error {
	errs := ValidationErrors{}
	if f.Min < 0 || f.Min > MaxPasswordLength {
		errs["min"] = errInvalid(fmt.Sprintf("Must be between 0 (default %d) and %d.", DefaultPasswordMin, MaxPasswordLength))
	}
	if f.Max < 0 || f.Max > MaxPasswordLength || (f.Max > 0 && f.Max < f.minLen()) {
		errs["max"] = errInvalid(fmt.Sprintf("Must be 0 (default %d) or between min and %d.", MaxPasswordLength, MaxPasswordLength))
	}
	if f.Cost != 0 && (f.Cost < 4 || f.Cost > 31) {
		errs["cost"] = errInvalid("Must be 0 (default) or a bcrypt cost between 4 and 31.")
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			errs["pattern"] = errInvalid("Invalid regular expression.")
		}
	}
	return errs.OrNil()
}

// BcryptCost is the bcrypt cost to hash with (Cost, or 10 when 0).
func (f *PasswordField) BcryptCost() int {
	if f.Cost <= 0 {
		return DefaultPasswordCost
	}
	return f.Cost
}

func (f *PasswordField) minLen() int {
	if f.Min <= 0 {
		return DefaultPasswordMin
	}
	return f.Min
}

func (f *PasswordField) maxLen() int {
	if f.Max <= 0 {
		return MaxPasswordLength
	}
	return f.Max
}

func (f *PasswordField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil || s == "" {
		return s, err
	}
	// Like PocketBase, lengths count characters (runes); the byte check keeps
	// multi-byte passwords within bcrypt's 72-byte input.
	n := utf8.RuneCountInString(s)
	if n < f.minLen() {
		return nil, &FieldError{Code: "validation_min_text_constraint", Message: fmt.Sprintf("Must be at least %d character(s).", f.minLen())} // no params, as PocketBase
	}
	if n > f.maxLen() || len(s) > 72 {
		return nil, &FieldError{Code: "validation_max_text_constraint", Message: fmt.Sprintf("Must be no more than %d character(s).", f.maxLen()), Params: map[string]any{"max": f.maxLen()}}
	}
	if f.Pattern != "" {
		if re, err := regexp.Compile(f.Pattern); err == nil && !re.MatchString(s) {
			return nil, &FieldError{Code: "validation_invalid_format", Message: "Invalid value format."}
		}
	}
	return s, nil
}

// Encode returns nil: a password (hash) is never part of a record's JSON.
func (f *PasswordField) Encode(stored any) any { return nil }
