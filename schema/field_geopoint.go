package schema

import (
	"encoding/json"
	"strings"
)

// GeoPointField is a {"lon":n,"lat":n} coordinate stored as JSON text.
type GeoPointField struct {
	FieldCommon
}

// GeoPoint is the value of a geoPoint field.
type GeoPoint struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

func (f *GeoPointField) Type() string { return "geoPoint" }

func (f *GeoPointField) ColumnDef() string { return `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL` }

func (f *GeoPointField) CheckOptions() error { return nil }

func (f *GeoPointField) Prepare(v any) (any, error) {
	p, err := toGeoPoint(v)
	if err != nil {
		return nil, err
	}
	if p.Lat < -90 || p.Lat > 90 {
		return nil, &FieldError{Code: "validation_invalid_latitude", Message: "Latitude must be between -90 and 90 degrees."}
	}
	if p.Lon < -180 || p.Lon > 180 {
		return nil, &FieldError{Code: "validation_invalid_longitude", Message: "Longitude must be between -180 and 180 degrees."}
	}
	b, _ := json.Marshal(p) // two finite floats always marshal
	return string(b), nil
}

func (f *GeoPointField) Encode(stored any) any {
	p, _ := ParseGeoPoint(asString(stored)) // bad stored text reads as {0,0}
	return map[string]any{"lon": p.Lon, "lat": p.Lat}
}

// ParseGeoPoint reads {"lon":n,"lat":n} JSON text; "" is {0,0}.
func ParseGeoPoint(s string) (GeoPoint, error) {
	var p GeoPoint
	if s = strings.TrimSpace(s); s == "" || s == "null" {
		return p, nil
	}
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return GeoPoint{}, err
	}
	return p, nil
}

// toGeoPoint reads an input: a map with lon/lat, a GeoPoint, JSON text, or
// nil/"" for {0,0}.
func toGeoPoint(v any) (GeoPoint, error) {
	bad := errInvalid(`Must be an object {"lon":number,"lat":number}.`)
	switch x := v.(type) {
	case GeoPoint:
		v = map[string]any{"lon": x.Lon, "lat": x.Lat}
	case string, []byte, json.RawMessage:
		var s string
		if r, ok := x.(json.RawMessage); ok {
			s = string(r)
		} else {
			s = asString(x)
		}
		p, err := ParseGeoPoint(s)
		if err != nil {
			return GeoPoint{}, bad
		}
		return p, nil
	case nil:
		return GeoPoint{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return GeoPoint{}, bad
	}
	var p GeoPoint
	for key, dst := range map[string]*float64{"lon": &p.Lon, "lat": &p.Lat} {
		if m[key] == nil {
			continue // a missing coordinate is 0, as in PocketBase
		}
		n, err := toFloat(m[key])
		if err != nil {
			return GeoPoint{}, bad
		}
		*dst = n
	}
	return p, nil
}
