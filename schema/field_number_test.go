package schema

import (
	"encoding/json"
	"math"
	"testing"
)

func TestNumberField_Prepare(t *testing.T) {
	runPrepare(t, &NumberField{}, []prepareCase{
		{name: "float", in: 1.5, want: 1.5},
		{name: "int", in: 3, want: 3.0},
		{name: "int64", in: int64(-4), want: -4.0},
		{name: "json.Number", in: json.Number("2.25"), want: 2.25},
		{name: "numeric string", in: "10.5", want: 10.5},
		{name: "empty string is 0", in: "", want: 0.0},
		{name: "nil is 0", in: nil, want: 0.0},
		{name: "garbage string", in: "abc", code: "validation_invalid_value"},
		{name: "NaN", in: math.NaN(), code: "validation_not_a_number"},
		{name: "Inf", in: math.Inf(1), code: "validation_not_a_number"},
		{name: "Inf string", in: "Inf", code: "validation_not_a_number"},
		{name: "list", in: []any{1.0}, code: "validation_invalid_value"},
	})
	runPrepare(t, &NumberField{Min: ptr(2.0), Max: ptr(10.0), OnlyInt: true}, []prepareCase{
		{name: "in range", in: 5, want: 5.0},
		{name: "min inclusive", in: 2, want: 2.0},
		{name: "max inclusive", in: "10", want: 10.0},
		{name: "below min", in: 1, code: "validation_min_number_constraint"},
		{name: "above max", in: 11, code: "validation_max_number_constraint"},
		{name: "decimal", in: 2.5, code: "validation_only_int_constraint"},
		{name: "zero skips bounds like PocketBase", in: 0, want: 0.0},
	})
}

func TestNumberField_ErrorParams(t *testing.T) {
	_, err := (&NumberField{Min: ptr(2.0)}).Prepare(1)
	fe, ok := err.(*FieldError)
	if !ok || fe.Params["min"] != 2.0 || fe.Message != "Must be greater or equal than 2." {
		t.Fatalf("got %#v", err)
	}
	_, err = (&NumberField{Max: ptr(-1.5)}).Prepare(3)
	if fe, ok := err.(*FieldError); !ok || fe.Params["max"] != -1.5 {
		t.Fatalf("got %#v", err)
	}
}

func TestNumberField_Definition(t *testing.T) {
	f := &NumberField{FieldCommon: FieldCommon{Name: "n"}, Min: ptr(-1.0), Max: ptr(1e9), OnlyInt: true}
	if got := f.ColumnDef(); got != "NUMERIC DEFAULT 0 NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{
		{int64(7), 7.0}, {3.25, 3.25}, {"4.5", 4.5}, {[]byte("2"), 2.0}, {nil, 0.0}, {"junk", 0.0},
	})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"no bounds":           {&NumberField{}, nil},
		"max below min":       {&NumberField{Min: ptr(5.0), Max: ptr(1.0)}, []string{"max"}},
		"decimal bound onInt": {&NumberField{Min: ptr(0.5), OnlyInt: true}, []string{"min"}},
		"NaN bound":           {&NumberField{Max: ptr(math.NaN())}, []string{"max"}},
	})
	roundTrip(t, f)
	roundTrip(t, &NumberField{FieldCommon: FieldCommon{Name: "nullable"}})
	raw, _ := MarshalField(&NumberField{})
	if want := `{"type":"number","id":"","name":"","system":false,"hidden":false,"presentable":false,"required":false,"help":"","min":null,"max":null,"onlyInt":false}`; string(raw) != want {
		t.Errorf("MarshalField = %s\nwant %s", raw, want)
	}
}
