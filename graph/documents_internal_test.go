package graph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// BenchmarkBoundDocument measures the pre-validation walk on documents
// that expand exponentially (it stops at maxSelections) or not at all.
func BenchmarkBoundDocument(b *testing.B) {
	var wide strings.Builder
	wide.WriteString("{ posts { ...F0 } }")
	for i := 0; i < 19; i++ {
		fmt.Fprintf(&wide, " fragment F%d on Posts { author { postsViaAuthor { ...F%d } } a: author { postsViaAuthor { ...F%d } } }", i, i+1, i+1)
	}
	wide.WriteString(" fragment F19 on Posts { id }")
	var fan strings.Builder
	fan.WriteString("{ ...F0 }")
	for i := 0; i < 29; i++ {
		fmt.Fprintf(&fan, " fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	fan.WriteString(" fragment F29 on Query { __typename }")
	for _, bc := range []struct{ name, query string }{
		{"expanding past the bound", wide.String()},
		{"30 repeated spreads", fan.String()},
		{"20000 copies", "{" + strings.Repeat(" __typename", 20000) + " }"},
	} {
		doc, err := parser.ParseQuery(&ast.Source{Input: bc.query})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				boundDocument(nil, doc)
			}
		})
	}
}
