package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/monobase/monobase/schema"
)

// InsertRecordReturning must give exactly what a re-read gives (affinity
// applied), and report UNIQUE violations like InsertRecord.
func TestTx_InsertRecordReturning(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw := `{"name":"things","fields":[{"name":"id","type":"text","primaryKey":true,"required":true,"autogeneratePattern":"[a-z0-9]{15}","pattern":"^[a-z0-9]+$","min":15,"max":15},{"name":"t","type":"text"},{"name":"n","type":"number"},{"name":"b","type":"bool"},{"name":"j","type":"json"},{"name":"tags","type":"select","values":["a","b"],"maxSelect":2},{"name":"d","type":"date"}]}`
	c, err := schema.DecodeCollection(s.FieldTypes(), []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *Tx) error { return s.SaveCollectionTx(ctx, tx, c, nil) }); err != nil {
		t.Fatal(err)
	}
	c = s.Collections().Find("things")
	inputs := []map[string]any{
		{"id": "aaaaaaaaaaaaaa1", "t": "123", "n": 5.0, "b": true, "j": `"5"`, "tags": `["a"]`, "d": ""},
		{"id": "aaaaaaaaaaaaaa2", "t": "x", "n": 5.5, "b": false, "j": `5`, "tags": `[]`, "d": "2024-01-01 00:00:00.000Z"},
		{"id": "aaaaaaaaaaaaaa3", "t": "", "n": 0.0, "b": false, "j": nil, "tags": `[]`},
	}
	for _, in := range inputs {
		err := s.Tx(ctx, func(tx *Tx) error {
			got, err := tx.InsertRecordReturning(ctx, c, in)
			if err != nil {
				return err
			}
			want, err := FindRecord(ctx, tx, c, in["id"].(string))
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got.Data, want.Data) {
				t.Errorf("returning %#v\nre-read   %#v", got.Data, want.Data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.InsertRecordReturning(ctx, c, inputs[0])
		return err
	})
	if !IsUniqueViolation(err) {
		t.Fatalf("duplicate id: %v", err)
	}
}
