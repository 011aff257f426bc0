package schema

import (
	"reflect"
	"testing"
)

// TestCoerce: the value a REST body stores is the one PocketBase stores
// (values read back from PocketBase v0.39.11, see e2e/pbdiff/cases).
func TestCoerce(t *testing.T) {
	tests := []struct {
		name string
		f    Field
		in   any
		want any // the stored value after Coerce and Prepare
	}{
		{"text array", &TextField{}, []any{"a"}, ""},
		{"text object", &TextField{}, map[string]any{"a": 1.0}, ""},
		{"text number", &TextField{}, 123.0, "123"},
		{"text spaces kept", &TextField{}, "  x  ", "  x  "},
		{"editor array", &EditorField{}, []any{"a"}, ""},
		{"number abc", &NumberField{}, "abc", 0.0},
		{"number padded", &NumberField{}, " 5 ", 0.0},
		{"number hex", &NumberField{}, "0x10", 0.0},
		{"number comma", &NumberField{}, "1,5", 0.0},
		{"number array", &NumberField{}, []any{1.0}, 0.0},
		{"number string", &NumberField{}, "1e3", 1000.0},
		{"number true", &NumberField{}, true, 1.0},
		{"bool abc", &BoolField{}, "abc", false},
		{"bool yes", &BoolField{}, "yes", false},
		{"bool on", &BoolField{}, "on", false},
		{"bool padded true", &BoolField{}, " true ", false},
		{"bool 1", &BoolField{}, "1", true},
		{"bool number", &BoolField{}, 2.0, true},
		{"bool array", &BoolField{}, []any{true}, false},
		{"date yesterday", &DateField{}, "yesterday", ""},
		{"date invalid month", &DateField{}, "2024-13-45", ""},
		{"date unix number", &DateField{}, 1700000000.0, ""},
		{"date only", &DateField{}, "2024-01-15", "2024-01-15 00:00:00.000Z"},
		{"date offset", &DateField{}, "2024-01-15T10:00:00+02:00", "2024-01-15 08:00:00.000Z"},
		{"date own layout", &DateField{}, "2024-01-15 10:00:00.123Z", "2024-01-15 10:00:00.123Z"},
		{"geo string", &GeoPointField{}, "10,20", `{"lon":0,"lat":0}`},
		{"geo array", &GeoPointField{}, []any{1.0, 2.0}, `{"lon":0,"lat":0}`},
		{"geo string numbers", &GeoPointField{}, map[string]any{"lon": "1", "lat": "2"}, `{"lon":0,"lat":0}`},
		{"geo one string number", &GeoPointField{}, map[string]any{"lon": 1.0, "lat": "2"}, `{"lon":1,"lat":0}`},
		{"geo json text", &GeoPointField{}, `{"lon":1,"lat":2}`, `{"lon":1,"lat":2}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.Prepare(Coerce(tc.f, tc.in))
			if err != nil {
				t.Fatalf("Prepare(Coerce(%#v)): %v", tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Prepare(Coerce(%#v)) = %#v, want %#v", tc.in, got, tc.want)
			}
		})
	}
	// not a number stays an error, as in PocketBase
	if _, err := (&NumberField{}).Prepare(Coerce(&NumberField{}, "NaN")); errCode(err) != "validation_not_a_number" {
		t.Errorf("NaN: %v, want validation_not_a_number", err)
	}
}

func TestIsZero_TextOfSpacesIsAValue(t *testing.T) {
	if IsZero(&TextField{}, "   ") {
		t.Error(`a text of spaces is empty; PocketBase takes it as a value`)
	}
	if !IsZero(&TextField{}, "") || !IsZero(&JSONField{}, " null ") {
		t.Error(`"" text or a JSON null is not empty`)
	}
}
