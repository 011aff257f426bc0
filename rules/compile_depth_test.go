package rules

import (
	"fmt"
	"strings"
	"testing"
)

// The largest filters the parser accepts (DefaultMaxComparisons terms, 64
// nested parentheses), built from the costliest comparisons (relation
// paths, multi-valued "all" comparisons, which stay apart), compile to SQL
// that SQLite runs: its expression depth limit (1,000) cannot be reached
// from a client filter. A chain of equalities, merged into one membership
// test, has no depth to speak of whatever its length.
func TestCompile_LargestFiltersStayWithinSQLiteDepth(t *testing.T) {
	db := openFixtureDB(t)
	wide := make([]string, DefaultMaxComparisons)
	for i := range wide {
		wide[i] = fmt.Sprintf(`tags = "x%d"`, i) // "every tag is x<i>": not merged
	}
	deep := `author.team.name = "core"`
	for i := 0; i < 63; i++ {
		op := map[bool]string{true: " && ", false: " || "}[i%2 == 0]
		deep = `(tags != "x" ` + op + ` author.name != "y"` + op + deep + `)`
	}
	equalities := make([]Expr, 50000)
	for i := range equalities {
		equalities[i] = &Comparison{Op: OpEq, Left: &Ident{Raw: "title", Path: []string{"title"}}, Right: &Literal{Kind: LitString, Str: fmt.Sprint("t", i)}}
	}
	cases := map[string]Expr{}
	for name, src := range map[string]string{"wide": strings.Join(wide, " || "), "deep": deep} {
		e, err := Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases[name] = e
	}
	cases["50,000 equalities"] = &Logical{Op: Or, Terms: equalities}
	for name, e := range cases {
		s, err := Compile(e, fixtureResolver("posts", AccessRule))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text, args, _ := s.ToSql()
		rows, err := db.Query("SELECT id FROM posts WHERE "+text, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows.Close()
	}
}
