package schema

import (
	"testing"
)

func TestDefaultFieldTypes_RoundTripAndColumns(t *testing.T) {
	for typ, mk := range DefaultFieldTypes() {
		t.Run(typ, func(t *testing.T) {
			f := mk()
			if f.Type() != typ {
				t.Fatalf("registered as %q but Type() = %q", typ, f.Type())
			}
			// (autodate fields have no required: the server sets them)
			*f.Common() = FieldCommon{ID: typ + "123", Name: "f_" + typ, Hidden: true, Presentable: true, Required: typ != "autodate"}
			if f.ColumnDef() == "" {
				t.Error("empty ColumnDef")
			}
			roundTrip(t, f)
			// A field's Encode must accept NULL from SQLite without panicking.
			_ = f.Encode(nil)
		})
	}
}
