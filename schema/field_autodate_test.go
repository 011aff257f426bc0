package schema

import (
	"testing"
	"time"
)

func TestAutodateField_Prepare(t *testing.T) {
	runPrepare(t, &AutodateField{OnCreate: true}, []prepareCase{
		{name: "valid date kept", in: "2024-05-01 10:20:30.123Z", want: "2024-05-01 10:20:30.123Z"},
		{name: "other layout normalized", in: "2024-05-01", want: "2024-05-01 00:00:00.000Z"},
		{name: "garbage ignored", in: "whenever", want: ""},
		{name: "object ignored", in: map[string]any{"a": 1}, want: ""},
		{name: "nil", in: nil, want: ""},
	})
}

func TestAutodateField_Stamp(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 5e6, time.FixedZone("x", 7200))
	const stamp = "2024-05-01 10:00:00.005Z"
	tests := []struct {
		name               string
		onCreate, onUpdate bool
		creating           bool
		want               string
		set                bool
	}{
		{"created on create", true, false, true, stamp, true},
		{"created not on update", true, false, false, "", false},
		{"updated on create", true, true, true, stamp, true},
		{"updated on update", true, true, false, stamp, true},
		{"update-only not on create", false, true, true, "", false},
	}
	for _, tc := range tests {
		f := &AutodateField{OnCreate: tc.onCreate, OnUpdate: tc.onUpdate}
		got, set := f.Stamp(now, tc.creating)
		if got != tc.want || set != tc.set {
			t.Errorf("%s: Stamp = %q, %v; want %q, %v", tc.name, got, set, tc.want, tc.set)
		}
	}
}

func TestAutodateField_Definition(t *testing.T) {
	f := &AutodateField{FieldCommon: FieldCommon{ID: "autodate1", Name: "updated"}, OnCreate: true, OnUpdate: true}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"2024-05-01 10:00:00.000Z", "2024-05-01 10:00:00.000Z"}, {nil, ""}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"onCreate": {&AutodateField{OnCreate: true}, nil},
		"onUpdate": {&AutodateField{OnUpdate: true}, nil},
		"neither":  {&AutodateField{}, []string{"onCreate"}},
		"both":     {&AutodateField{OnCreate: true, OnUpdate: true}, nil},
	})
	roundTrip(t, f)
}
