package schema

import "testing"

func TestFileField_Prepare(t *testing.T) {
	runPrepare(t, &FileField{}, []prepareCase{
		{name: "name", in: "photo_ab12cd34ef.png", want: "photo_ab12cd34ef.png"},
		{name: "empty deletes", in: "", want: ""},
		{name: "list keeps the last", in: []any{"a.png", "b.png"}, want: "b.png"},
		{name: "slash", in: "a/b.png", code: "validation_invalid_file"},
		{name: "backslash", in: `a\b.png`, code: "validation_invalid_file"},
		{name: "dot dot", in: "..", code: "validation_invalid_file"},
		{name: "hidden", in: ".env", code: "validation_invalid_file"},
		{name: "object", in: map[string]any{}, code: "validation_invalid_value"},
	})
	runPrepare(t, &FileField{MaxSelect: 2}, []prepareCase{
		{name: "two", in: []any{"a.png", "b.png"}, want: `["a.png","b.png"]`},
		{name: "one string", in: "a.png", want: `["a.png"]`},
		{name: "JSON string", in: `["a.png"]`, want: `["a.png"]`},
		{name: "empty list", in: []any{}, want: `[]`},
		{name: "too many", in: []any{"a", "b", "c"}, code: "validation_too_many_files"},
		{name: "bad name", in: []any{"a", "../b"}, code: "validation_invalid_file"},
	})
}

func TestParseThumbSize(t *testing.T) {
	tests := []struct {
		in   string
		w, h int
		mode string
		ok   bool
	}{
		{"100x100", 100, 100, "", true},
		{"100x50t", 100, 50, "t", true},
		{"0x50", 0, 50, "", true},
		{"50x0f", 50, 0, "f", true},
		{"0x0", 0, 0, "", false},
		{"100", 0, 0, "", false},
		{"10x10z", 0, 0, "", false},
		{"-1x10", 0, 0, "", false},
	}
	for _, tc := range tests {
		w, h, mode, ok := ParseThumbSize(tc.in)
		if w != tc.w || h != tc.h || mode != tc.mode || ok != tc.ok {
			t.Errorf("ParseThumbSize(%q) = %d, %d, %q, %v", tc.in, w, h, mode, ok)
		}
	}
}

func TestFileField_Definition(t *testing.T) {
	single := &FileField{FieldCommon: FieldCommon{Name: "avatar"}, MaxSize: 1024, MaxSelect: 1, MimeTypes: []string{"image/png"}, Thumbs: []string{"100x100", "0x50"}, Protected: true}
	multi := &FileField{FieldCommon: FieldCommon{Name: "docs"}, MaxSelect: 5}
	if single.IsMulti() || !multi.IsMulti() {
		t.Error("IsMulti wrong")
	}
	if single.ColumnDef() != "TEXT DEFAULT ''" || multi.ColumnDef() != "JSON DEFAULT '[]'" {
		t.Errorf("ColumnDef = %q / %q", single.ColumnDef(), multi.ColumnDef())
	}
	if single.MaxBytes() != 1024 || multi.MaxBytes() != 5<<20 {
		t.Errorf("MaxBytes = %d / %d", single.MaxBytes(), multi.MaxBytes())
	}
	runEncode(t, single, []encodeCase{{"a.png", "a.png"}, {nil, ""}})
	runEncode(t, multi, []encodeCase{{`["a.png"]`, []string{"a.png"}}, {"[]", []string{}}, {nil, []string{}}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"defaults":      {&FileField{}, nil},
		"negatives":     {&FileField{MaxSize: -1, MaxSelect: -1}, []string{"maxSelect", "maxSize"}},
		"bad thumb":     {&FileField{Thumbs: []string{"100x100", "0x0"}}, []string{"thumbs"}},
		"bad mime type": {&FileField{MimeTypes: []string{"png"}}, []string{"mimeTypes"}},
	})
	roundTrip(t, single)
	roundTrip(t, multi)
}
