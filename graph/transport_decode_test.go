package graph

import (
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// The fast path must decode exactly as encoding/json does, or step aside.
func FuzzDecodeParams(f *testing.F) {
	for _, s := range []string{
		`{"query":"{ posts { id } }"}`,
		`{"query":"query ($id: ID!) { postsByPk(id: $id) { id } }","variables":{"id":"post00000000001"}}`,
		` {"operationName":null,"query":"q","variables":null,"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}} `,
		`{"query":"q","variables":{"n":1,"f":-1.5e3,"b":true,"z":false,"x":null,"l":[1,"a",[],{}],"o":{"k":"v"}}}`,
		`{"query":"esc \" \\ \/ \b \u00e9 \ud83c\udf89 é","variables":{"s":"\u2028 \ud800"}}`,
		`{"Query":"case"}`, `{"query":"a","query":"b"}`, `{"query":1}`, `{"query":"q"} trailing`, `{"query":"q",}`,
		`{"variables":{"a":01}}`, `{"variables":{"a":1.}}`, `{"variables":{"a":"\x01"}}`, `{"variables":[]}`, `{}`, ``, `[]`,
		"{\"query\":\"bad \xff utf8\"}", `{"variables":{"a":1,"a":2}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast graphql.RawParams
		if !decodeParams(data, &fast) {
			if !reflect.DeepEqual(fast, graphql.RawParams{}) {
				t.Fatalf("%q: declined but set %+v", data, fast)
			}
			return
		}
		var std graphql.RawParams
		if err := decodeStd(data, &std); err != nil {
			t.Fatalf("%q: fast path accepted what encoding/json refuses: %v", data, err)
		}
		if !reflect.DeepEqual(fast, std) {
			t.Fatalf("%q:\nfast %#v\nstd  %#v", data, fast, std)
		}
	})
}
