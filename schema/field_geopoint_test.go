package schema

import (
	"encoding/json"
	"testing"
)

func TestGeoPointField_Prepare(t *testing.T) {
	runPrepare(t, &GeoPointField{}, []prepareCase{
		{name: "map", in: map[string]any{"lon": 23.3, "lat": 42.7}, want: `{"lon":23.3,"lat":42.7}`},
		{name: "json.Number", in: map[string]any{"lon": json.Number("1"), "lat": json.Number("-2")}, want: `{"lon":1,"lat":-2}`},
		{name: "JSON string", in: `{"lat":10,"lon":-20}`, want: `{"lon":-20,"lat":10}`},
		{name: "GeoPoint", in: GeoPoint{Lon: 1, Lat: 2}, want: `{"lon":1,"lat":2}`},
		{name: "missing key is 0", in: map[string]any{"lat": 5.0}, want: `{"lon":0,"lat":5}`},
		{name: "nil", in: nil, want: `{"lon":0,"lat":0}`},
		{name: "empty string", in: "", want: `{"lon":0,"lat":0}`},
		{name: "edges", in: map[string]any{"lon": -180.0, "lat": 90.0}, want: `{"lon":-180,"lat":90}`},
		{name: "lat too big", in: map[string]any{"lon": 0.0, "lat": 90.1}, code: "validation_invalid_latitude"},
		{name: "lon too small", in: map[string]any{"lon": -180.5, "lat": 0.0}, code: "validation_invalid_longitude"},
		{name: "non-number", in: map[string]any{"lon": "east", "lat": 0.0}, code: "validation_invalid_value"},
		{name: "bad JSON", in: `{"lon":`, code: "validation_invalid_value"},
		{name: "array", in: []any{1.0, 2.0}, code: "validation_invalid_value"},
	})
}

func TestGeoPointField_Definition(t *testing.T) {
	f := &GeoPointField{FieldCommon: FieldCommon{Name: "where", Required: true}}
	if got := f.ColumnDef(); got != `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL` {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{
		{`{"lon":1.5,"lat":-2}`, map[string]any{"lon": 1.5, "lat": -2.0}},
		{[]byte(`{"lon":3,"lat":4}`), map[string]any{"lon": 3.0, "lat": 4.0}},
		{nil, map[string]any{"lon": 0.0, "lat": 0.0}},
		{"junk", map[string]any{"lon": 0.0, "lat": 0.0}},
	})
	if err := f.CheckOptions(); err != nil {
		t.Errorf("CheckOptions: %v", err)
	}
	roundTrip(t, f)
}
