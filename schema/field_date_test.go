package schema

import (
	"testing"
	"time"
)

func TestParseDateAndFormatDate(t *testing.T) {
	want := time.Date(2024, 5, 1, 10, 20, 30, 123e6, time.UTC)
	for _, in := range []string{
		"2024-05-01 10:20:30.123Z",
		"2024-05-01T10:20:30.123Z",
		"2024-05-01T12:20:30.123+02:00",
		"2024-05-01 12:20:30.123+02:00",
		" 2024-05-01 10:20:30.123Z ",
	} {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, err := ParseDate(""); err != nil || !got.IsZero() {
		t.Errorf(`ParseDate("") = %v, %v`, got, err)
	}
	if _, err := ParseDate("yesterday"); err == nil {
		t.Error("ParseDate(garbage) gave no error")
	}
	if got := FormatDate(want.In(time.FixedZone("x", 3600))); got != "2024-05-01 10:20:30.123Z" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDate(time.Time{}); got != "" {
		t.Errorf("FormatDate(zero) = %q", got)
	}
}

func TestDateField_Prepare(t *testing.T) {
	runPrepare(t, &DateField{}, []prepareCase{
		{name: "canonical", in: "2024-05-01 10:20:30.123Z", want: "2024-05-01 10:20:30.123Z"},
		{name: "RFC3339 with offset", in: "2024-05-01T12:20:30+02:00", want: "2024-05-01 10:20:30.000Z"},
		{name: "RFC3339 nanos", in: "2024-05-01T10:20:30.123456789Z", want: "2024-05-01 10:20:30.123Z"},
		{name: "no zone is UTC", in: "2024-05-01 10:20:30", want: "2024-05-01 10:20:30.000Z"},
		{name: "date only", in: "2024-05-01", want: "2024-05-01 00:00:00.000Z"},
		{name: "time.Time", in: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), want: "2024-05-01 00:00:00.000Z"},
		{name: "unix seconds", in: 1714558830.0, want: "2024-05-01 10:20:30.000Z"},
		{name: "empty", in: "", want: ""},
		{name: "nil", in: nil, want: ""},
		{name: "garbage", in: "soon", code: "validation_invalid_date"},
		{name: "bad month", in: "2024-13-01", code: "validation_invalid_date"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_date"},
	})
	runPrepare(t, &DateField{Min: "2024-01-01 00:00:00.000Z", Max: "2024-12-31"}, []prepareCase{
		{name: "inside", in: "2024-06-01", want: "2024-06-01 00:00:00.000Z"},
		{name: "min inclusive", in: "2024-01-01", want: "2024-01-01 00:00:00.000Z"},
		{name: "before min", in: "2023-12-31 23:59:59.999Z", code: "validation_min_greater_equal_than_required"},
		{name: "after max", in: "2024-12-31 00:00:00.001Z", code: "validation_max_less_equal_than_required"},
		{name: "empty skips bounds", in: "", want: ""},
	})
}

func TestDateField_Definition(t *testing.T) {
	f := &DateField{FieldCommon: FieldCommon{Name: "due"}, Min: "2024-01-01 00:00:00.000Z", Max: ""}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"2024-05-01 10:20:30.123Z", "2024-05-01 10:20:30.123Z"}, {nil, ""}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"none":          {&DateField{}, nil},
		"range":         {&DateField{Min: "2024-01-01", Max: "2024-02-01"}, nil},
		"bad min":       {&DateField{Min: "nope"}, []string{"min"}},
		"max below min": {&DateField{Min: "2024-02-01", Max: "2024-01-01"}, []string{"max"}},
	})
	roundTrip(t, f)
}
