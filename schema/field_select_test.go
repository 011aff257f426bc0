package schema

import (
	"encoding/json"
	"testing"
)

func TestSelectField_PrepareSingle(t *testing.T) {
	runPrepare(t, &SelectField{Values: []string{"a", "b", "c"}}, []prepareCase{
		{name: "value", in: "a", want: "a"},
		{name: "empty", in: "", want: ""},
		{name: "nil", in: nil, want: ""},
		{name: "list keeps the last like PocketBase", in: []any{"a", "b"}, want: "b"},
		{name: "unknown", in: "z", code: "validation_invalid_value"},
		{name: "unknown last of list", in: []string{"a", "z"}, code: "validation_invalid_value"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_value"},
	})
}

func TestSelectField_PrepareMulti(t *testing.T) {
	runPrepare(t, &SelectField{Values: []string{"a", "b", "c"}, MaxSelect: 2}, []prepareCase{
		{name: "one string", in: "a", want: `["a"]`},
		{name: "[]any", in: []any{"b", "a"}, want: `["b","a"]`},
		{name: "[]string", in: []string{"c"}, want: `["c"]`},
		{name: "JSON array string", in: `["a","b"]`, want: `["a","b"]`},
		{name: "dedupe keeps order", in: []any{"b", "a", "b", ""}, want: `["b","a"]`},
		{name: "empty list", in: []any{}, want: `[]`},
		{name: "empty string", in: "", want: `[]`},
		{name: "nil", in: nil, want: `[]`},
		{name: "too many", in: []any{"a", "b", "c"}, code: "validation_too_many_values"},
		{name: "unknown", in: []any{"a", "x"}, code: "validation_invalid_value"},
		{name: "non-string item", in: []any{map[string]any{}}, code: "validation_invalid_value"},
	})
}

func TestSelectField_Errors(t *testing.T) {
	_, err := (&SelectField{Values: []string{"a"}, MaxSelect: 2}).Prepare([]any{"x"})
	if fe, ok := err.(*FieldError); !ok || fe.Message != "Invalid value x." || fe.Params["value"] != "x" {
		t.Errorf("invalid value error = %#v", err)
	}
	_, err = (&SelectField{Values: []string{"a", "b", "c"}, MaxSelect: 2}).Prepare([]string{"a", "b", "c"})
	if fe, ok := err.(*FieldError); !ok || fe.Params["maxSelect"] != 2 {
		t.Errorf("too many error = %#v", err)
	}
}

func TestSelectField_Definition(t *testing.T) {
	single := &SelectField{FieldCommon: FieldCommon{Name: "status"}, Values: []string{"draft", "published"}, MaxSelect: 1}
	multi := &SelectField{FieldCommon: FieldCommon{Name: "tags"}, Values: []string{"a", "b", "c"}, MaxSelect: 3}
	if single.IsMulti() || !multi.IsMulti() || IsMulti(single) || !IsMulti(multi) {
		t.Error("IsMulti wrong")
	}
	if got := single.ColumnDef(); got != "TEXT DEFAULT ''" {
		t.Errorf("single ColumnDef = %q", got)
	}
	if got := multi.ColumnDef(); got != "JSON DEFAULT '[]'" {
		t.Errorf("multi ColumnDef = %q", got)
	}
	runEncode(t, single, []encodeCase{{"draft", "draft"}, {nil, ""}})
	runEncode(t, multi, []encodeCase{
		{`["a","b"]`, []string{"a", "b"}},
		{[]byte(`["c"]`), []string{"c"}},
		{"[]", []string{}},
		{nil, []string{}},
		{"", []string{}},
		{"a", []string{"a"}}, // a column that was single before
	})
	if b, _ := json.Marshal(multi.Encode(nil)); string(b) != "[]" {
		t.Errorf("empty multi encodes as %s, want []", b)
	}
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"ok":               {&SelectField{Values: []string{"a", "b"}, MaxSelect: 2}, nil},
		"no values":        {&SelectField{}, []string{"values"}},
		"duplicate values": {&SelectField{Values: []string{"a", "a"}}, []string{"values"}},
		"empty value":      {&SelectField{Values: []string{"a", ""}}, []string{"values"}},
		"maxSelect > len":  {&SelectField{Values: []string{"a"}, MaxSelect: 2}, []string{"maxSelect"}},
		"negative max":     {&SelectField{Values: []string{"a"}, MaxSelect: -1}, []string{"maxSelect"}},
	})
	roundTrip(t, single)
	roundTrip(t, multi)
}
