package schema

import (
	"strings"
	"testing"
)

func TestPasswordField_Prepare(t *testing.T) {
	runPrepare(t, &PasswordField{}, []prepareCase{
		{name: "8 chars by default", in: "12345678", want: "12345678"},
		{name: "returned unchanged", in: " pass word ", want: " pass word "},
		{name: "empty is left to required", in: "", want: ""},
		{name: "too short", in: "1234567", code: "validation_min_text_constraint"},
		{name: "71 chars", in: strings.Repeat("a", 71), want: strings.Repeat("a", 71)},
		{name: "72 chars", in: strings.Repeat("a", 72), code: "validation_max_text_constraint"},
		{name: "multi-byte counts runes for min", in: "éééééééé", want: "éééééééé"},
		{name: "but bcrypt's 72 bytes hold", in: strings.Repeat("é", 40), code: "validation_max_text_constraint"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_value"},
	})
	runPrepare(t, &PasswordField{Min: 3, Max: 5, Pattern: `^[a-z]+$`}, []prepareCase{
		{name: "ok", in: "abcd", want: "abcd"},
		{name: "short", in: "ab", code: "validation_min_text_constraint"},
		{name: "long", in: "abcdef", code: "validation_max_text_constraint"},
		{name: "pattern", in: "ab1", code: "validation_invalid_format"},
	})
}

func TestPasswordField_Definition(t *testing.T) {
	f := &PasswordField{FieldCommon: FieldCommon{Name: "password", System: true, Hidden: true, Required: true}, Min: 8, Max: 71, Cost: 12, Pattern: ".*"}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"$2a$10$hash", nil}, {nil, nil}})
	if f.BcryptCost() != 12 || (&PasswordField{}).BcryptCost() != 10 {
		t.Error("BcryptCost wrong")
	}
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"defaults":      {&PasswordField{}, nil},
		"auth system":   {&PasswordField{Min: 8, Max: 71}, nil},
		"max over 71":   {&PasswordField{Max: 72}, []string{"max"}},
		"max below min": {&PasswordField{Min: 10, Max: 9}, []string{"max"}},
		"min over 71":   {&PasswordField{Min: 80}, []string{"min"}},
		"bad cost":      {&PasswordField{Cost: 3}, []string{"cost"}},
		"bad pattern":   {&PasswordField{Pattern: "("}, []string{"pattern"}},
	})
	roundTrip(t, f)
}
