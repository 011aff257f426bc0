package schema

import "testing"

func TestBoolField_Prepare(t *testing.T) {
	runPrepare(t, &BoolField{}, []prepareCase{
		{name: "true", in: true, want: true},
		{name: "false", in: false, want: false},
		{name: "nil", in: nil, want: false},
		{name: `"true"`, in: "true", want: true},
		{name: `"false"`, in: "false", want: false},
		{name: `"1"`, in: "1", want: true},
		{name: `"0"`, in: "0", want: false},
		{name: `""`, in: "", want: false},
		{name: "number 1", in: 1.0, want: true},
		{name: "number 0", in: 0, want: false},
		{name: "garbage", in: "yes please", code: "validation_invalid_value"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_value"},
	})
}

func TestBoolField_Definition(t *testing.T) {
	f := &BoolField{FieldCommon: FieldCommon{Name: "done", Required: true}}
	if got := f.ColumnDef(); got != "BOOLEAN DEFAULT FALSE NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{
		{int64(1), true}, {int64(0), false}, {true, true}, {nil, false}, {"1", true}, {"false", false},
	})
	if err := f.CheckOptions(); err != nil {
		t.Errorf("CheckOptions: %v", err)
	}
	// required means "must be true"
	if errCode(CheckRequired(f, false)) != "validation_required" || CheckRequired(f, true) != nil {
		t.Error("required bool must be true")
	}
	roundTrip(t, f)
}
