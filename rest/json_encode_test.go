package rest

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

func TestAppendJSON_MatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, false, "", "plain", "quote\" back\\slash", "ctl \x00\x01\x1f\t\n\r\b\f", "<html> & 'x'",
		"\u2028\u2029 é 日本 🎉", "bad \xff utf8", 0.0, -0.0, 1.0, -3.5, 1e-7, 1e21, 123456789.125, math.MaxFloat64, 5e-324,
		42, int64(-7), []any{}, []any{1.0, "a", nil, []any{true}}, []string{"a", "b"}, []string(nil), []any(nil),
		map[string]any{}, map[string]any(nil), map[string]any{"b": 1.0, "a": map[string]any{"z": []any{"x"}, "y": nil}},
		[]map[string]any{{"id": "x", "n": 2.0}, {}},
		map[string]any{"raw": json.RawMessage(`{"k":[1,2]}`), "num": json.Number("12")},
		map[string]any{"struct": struct {
			A int `json:"a"`
		}{1}},
	}
	for _, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, v)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if string(got)+"\n" != want.String() {
			t.Errorf("%#v:\n got %s\nwant %s", v, got, want.String())
		}
	}
	if _, err := appendJSON(nil, math.NaN()); err == nil {
		t.Error("NaN encoded")
	}
}
