package schema

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestJSONField_Prepare(t *testing.T) {
	runPrepare(t, &JSONField{}, []prepareCase{
		{name: "object", in: map[string]any{"a": 1.0, "b": []any{true}}, want: `{"a":1,"b":[true]}`},
		{name: "array", in: []any{1.0, "x"}, want: `[1,"x"]`},
		{name: "number", in: 2.5, want: `2.5`},
		{name: "bool", in: false, want: `false`},
		{name: "nil is NULL", in: nil, want: nil},
		{name: "raw message", in: json.RawMessage(`{"k":[1,2]}`), want: `{"k":[1,2]}`},
		{name: "raw null", in: json.RawMessage(`null`), want: nil},
		{name: "JSON object string", in: `{"a":1}`, want: `{"a":1}`},
		{name: "JSON array string", in: `[1,2]`, want: `[1,2]`},
		{name: "numeric string", in: "12", want: `12`},
		{name: "true string", in: "true", want: `true`},
		{name: "null string", in: "null", want: nil},
		{name: "quoted string", in: `"hi"`, want: `"hi"`},
		{name: "plain string", in: "hello", want: `"hello"`},
		{name: "empty string", in: "", want: `""`},
		{name: "broken JSON is a string", in: `{"a":`, want: `"{\"a\":"`},
		{name: "control chars", in: "a\x01", want: `"a\u0001"`},
		{name: "invalid raw", in: json.RawMessage(`{`), code: "validation_invalid_json"},
		{name: "unmarshalable", in: math.Inf(1), code: "validation_invalid_json"},
	})
	runPrepare(t, &JSONField{MaxSize: 8}, []prepareCase{
		{name: "fits", in: []any{1.0, 2.0, 3.0}, want: `[1,2,3]`},
		{name: "too big", in: "0123456789", code: "validation_json_size_limit"},
	})
	big := `"` + strings.Repeat("a", 1<<20) + `"`
	runPrepare(t, &JSONField{}, []prepareCase{
		{name: "over default 1 MiB", in: json.RawMessage(big), code: "validation_json_size_limit"},
	})
}

func TestJSONField_Definition(t *testing.T) {
	f := &JSONField{FieldCommon: FieldCommon{Name: "data"}, MaxSize: 2048}
	if got := f.ColumnDef(); got != "JSON DEFAULT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{
		{`{"a":1}`, json.RawMessage(`{"a":1}`)},
		{[]byte(`[1]`), json.RawMessage(`[1]`)},
		{nil, nil},
		{"", nil},
		{"not json", json.RawMessage(`"not json"`)},
	})
	// The encoded value embeds in a record as the JSON itself.
	b, _ := json.Marshal(map[string]any{"data": f.Encode(`{"x":[true]}`)})
	if string(b) != `{"data":{"x":[true]}}` {
		t.Errorf("record JSON = %s", b)
	}
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"default":  {&JSONField{}, nil},
		"negative": {&JSONField{MaxSize: -5}, []string{"maxSize"}},
	})
	roundTrip(t, f)
}
