package schema

import (
	"strings"
	"testing"
)

func TestEditorField_Prepare(t *testing.T) {
	runPrepare(t, &EditorField{MaxSize: 10}, []prepareCase{
		{name: "html", in: "<p>hi</p>", want: "<p>hi</p>"},
		{name: "nil is empty", in: nil, want: ""},
		{name: "number as text", in: 12.5, want: "12.5"},
		{name: "exactly max bytes", in: "0123456789", want: "0123456789"},
		{name: "over max bytes", in: "0123456789a", code: "validation_content_size_limit"},
		{name: "multi-byte counts bytes", in: "ééééééé", code: "validation_content_size_limit"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_value"},
	})
	runPrepare(t, &EditorField{}, []prepareCase{
		{name: "default limit 5 MiB", in: strings.Repeat("a", 5<<20), want: strings.Repeat("a", 5<<20)},
		{name: "over default limit", in: strings.Repeat("a", 5<<20+1), code: "validation_content_size_limit"},
	})
}

func TestEditorField_Definition(t *testing.T) {
	f := &EditorField{FieldCommon: FieldCommon{ID: "editor1", Name: "body", Required: true}, MaxSize: 100, ConvertURLs: true}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"<b>x</b>", "<b>x</b>"}, {[]byte("y"), "y"}, {nil, ""}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"defaults ok":      {&EditorField{}, nil},
		"negative maxSize": {&EditorField{MaxSize: -1}, []string{"maxSize"}},
	})
	roundTrip(t, f)
}
