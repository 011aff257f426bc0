package schema

import (
	"encoding/json"
	"testing"
)

func TestIsZero(t *testing.T) {
	text := &TextField{}
	multi := &SelectField{Values: []string{"a"}, MaxSelect: 2}
	tests := []struct {
		name   string
		f      Field
		stored any
		want   bool
	}{
		{"empty text", text, "", true},
		{"text", text, "x", false},
		{"text that looks like []", text, "[]", false},
		{"nil", text, nil, true},
		{"number 0", &NumberField{}, 0.0, true},
		{"number int64 0", &NumberField{}, int64(0), true},
		{"number", &NumberField{}, 2.0, false},
		{"number text 0", &NumberField{}, "0", true},
		{"bool false", &BoolField{}, false, true},
		{"bool true", &BoolField{}, true, false},
		{"bool int64 0", &BoolField{}, int64(0), true},
		{"bool int64 1", &BoolField{}, int64(1), false},
		{"multi []", multi, "[]", true},
		{"multi list", multi, `["a"]`, false},
		{"multi []string{}", multi, []string{}, true},
		{"single select empty", &SelectField{Values: []string{"a"}}, "", true},
		{"json null", &JSONField{}, "null", true},
		{"json nil", &JSONField{}, nil, true},
		{"json []", &JSONField{}, "[]", true},
		{"json {}", &JSONField{}, "{}", true},
		{`json ""`, &JSONField{}, `""`, true},
		{"json raw empty", &JSONField{}, json.RawMessage("[]"), true},
		{"json 0 is a value", &JSONField{}, "0", false},
		{"json object", &JSONField{}, `{"a":1}`, false},
		{"geo 0,0", &GeoPointField{}, `{"lon":0,"lat":0}`, true},
		{"geo map 0,0", &GeoPointField{}, map[string]any{"lon": 0.0, "lat": 0.0}, true},
		{"geo point", &GeoPointField{}, `{"lon":0,"lat":1}`, false},
		{"date empty", &DateField{}, "", true},
	}
	for _, tc := range tests {
		if got := IsZero(tc.f, tc.stored); got != tc.want {
			t.Errorf("%s: IsZero(%#v) = %v, want %v", tc.name, tc.stored, got, tc.want)
		}
	}
}

func TestCheckRequired(t *testing.T) {
	req := &TextField{FieldCommon: FieldCommon{Required: true}}
	if errCode(CheckRequired(req, "")) != "validation_required" {
		t.Error("required empty text gave no validation_required")
	}
	if err := CheckRequired(req, "x"); err != nil {
		t.Errorf("required filled text: %v", err)
	}
	if err := CheckRequired(&TextField{}, ""); err != nil {
		t.Errorf("optional empty text: %v", err)
	}
	multi := &RelationField{FieldCommon: FieldCommon{Required: true}, CollectionID: "x", MaxSelect: 3}
	stored, _ := multi.Prepare([]any{})
	if errCode(CheckRequired(multi, stored)) != "validation_required" {
		t.Error("required empty multi relation gave no validation_required")
	}
}
