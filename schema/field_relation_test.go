package schema

import (
	"reflect"
	"strings"
	"testing"
)

func TestRelationField_PrepareSingle(t *testing.T) {
	runPrepare(t, &RelationField{CollectionID: "pbc_1", MaxSelect: 1}, []prepareCase{
		{name: "id", in: "abc123def456ghi", want: "abc123def456ghi"},
		{name: "custom id shape", in: "User_42", want: "User_42"},
		{name: "empty", in: "", want: ""},
		{name: "nil", in: nil, want: ""},
		{name: "list keeps the last", in: []any{"a1", "b2"}, want: "b2"},
		{name: "bad id", in: "../etc", code: "validation_missing_rel_records"},
		{name: "too long id", in: strings.Repeat("a", 256), code: "validation_missing_rel_records"},
	})
}

func TestRelationField_PrepareMulti(t *testing.T) {
	runPrepare(t, &RelationField{CollectionID: "pbc_1", MinSelect: 2, MaxSelect: 3}, []prepareCase{
		{name: "two", in: []any{"a", "b"}, want: `["a","b"]`},
		{name: "JSON string", in: `["a","b","c"]`, want: `["a","b","c"]`},
		{name: "dedupe", in: []string{"a", "b", "a"}, want: `["a","b"]`},
		{name: "empty is left to required", in: []any{}, want: `[]`},
		{name: "not enough", in: "a", code: "validation_not_enough_values"},
		{name: "too many", in: []any{"a", "b", "c", "d"}, code: "validation_too_many_values"},
		{name: "bad id", in: []any{"a", "b c"}, code: "validation_missing_rel_records"},
	})
}

func TestRelationField_Definition(t *testing.T) {
	single := &RelationField{FieldCommon: FieldCommon{Name: "author"}, CollectionID: "_pb_users_auth_", CascadeDelete: true, MaxSelect: 1}
	multi := &RelationField{FieldCommon: FieldCommon{Name: "tags"}, CollectionID: "pbc_2", MinSelect: 1, MaxSelect: 5}
	zero := &RelationField{CollectionID: "pbc_2"}
	if single.IsMulti() || zero.IsMulti() || !multi.IsMulti() {
		t.Error("IsMulti wrong")
	}
	if single.ColumnDef() != "TEXT DEFAULT ''" || multi.ColumnDef() != "JSON DEFAULT '[]'" {
		t.Errorf("ColumnDef = %q / %q", single.ColumnDef(), multi.ColumnDef())
	}
	runEncode(t, single, []encodeCase{{"abc", "abc"}, {nil, ""}})
	runEncode(t, multi, []encodeCase{{`["a","b"]`, []string{"a", "b"}}, {nil, []string{}}})
	if got := multi.IDs(`["a","b"]`); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("IDs(multi) = %v", got)
	}
	if got := single.IDs(""); len(got) != 0 {
		t.Errorf("IDs(empty) = %v", got)
	}
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"ok":                 {&RelationField{CollectionID: "x", MaxSelect: 1}, nil},
		"no collection":      {&RelationField{}, []string{"collectionId"}},
		"negative min":       {&RelationField{CollectionID: "x", MinSelect: -1}, []string{"minSelect"}},
		"max below min":      {&RelationField{CollectionID: "x", MinSelect: 3, MaxSelect: 2}, []string{"maxSelect"}},
		"min needs a max":    {&RelationField{CollectionID: "x", MinSelect: 1}, []string{"maxSelect"}},
		"negative maxSelect": {&RelationField{CollectionID: "x", MaxSelect: -1}, []string{"maxSelect"}},
	})
	roundTrip(t, single)
	roundTrip(t, multi)
}
