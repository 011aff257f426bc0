package rules

import (
	"fmt"
	"strings"
	"testing"
)

// The largest filters the parser accepts (DefaultMaxComparisons terms, 64
// nested parentheses), built from the costliest comparisons (shared list
// paths, multi-valued "all" comparisons, which stay apart, relations with
// list rules), and chains of any length built as GraphQL's where builds
// them, compile to SQL that SQLite runs: its expression depth limit
// (1,000) cannot be reached from a client. A chain of equalities (or of
// inequalities under &&, at the top level too) is one membership test;
// a chain that must stay apart is written as a balanced tree (joinChain).
func TestCompile_LargestFiltersStayWithinSQLiteDepth(t *testing.T) {
	db := openFixtureDB(t)
	wide := make([]string, DefaultMaxComparisons)
	for i := range wide {
		wide[i] = fmt.Sprintf(`tags:each = "x%d"`, i) // "every tag is x<i>": not merged
	}
	deep := `author.team.name = "core"`
	for i := 0; i < 63; i++ {
		op := map[bool]string{true: " && ", false: " || "}[i%2 == 0]
		deep = `(tags:each != "x" ` + op + ` comments_via_post.message != "y"` + op + deep + `)`
	}
	cases := map[string]Expr{
		"20,000 equalities":                 whereChain(Or, OpEq, "title", "", values(20000)...),
		"10,000 inequalities at the top":    whereChain(And, OpNeq, "id", "", values(10000)...),
		"_nin of 5,000 on a back-relation":  whereChain(And, OpNeq, "comments_via_post.message", "", values(5000)...),
		"5,000 equalities nested in an and": &Logical{Op: And, Terms: []Expr{whereChain(Or, OpEq, "title", "", values(5000)...), sharedChain(3)}},
		// past 1,000 terms a flat chain is too deep for SQLite
		"1,100 comparisons that stay apart": viewsChain(1100),
	}
	for name, src := range map[string]string{"wide": strings.Join(wide, " || "), "deep": deep} {
		// longer than a client may send (3,500 bytes), as many comparisons
		e, err := ParseWithOptions(src, ParseOptions{MaxLength: -1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases[name] = e
	}
	// Long chains of subqueries take SQLite long to prepare (more than
	// linear in their number, seconds under -race): these are checked for
	// their longest flat chain only.
	apart := map[string]Expr{
		"?!= on :each, apart":        whereChain(And, OpAnyNeq, "tags", "each", values(1100)...),
		"= on :each, apart":          whereChain(Or, OpEq, "tags", "each", values(1100)...),
		"shared terms in one EXISTS": sharedChain(1100),
	}
	for name, e := range cases {
		text, args := compileDepth(t, name, e)
		rows, err := db.Query("SELECT id FROM posts WHERE "+text, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows.Close()
	}
	for name, e := range apart {
		compileDepth(t, name, e)
	}
}

// compileDepth compiles e for a client and checks no chain of its SQL
// is written flat past flatChain terms.
func compileDepth(t *testing.T, name string, e Expr) (string, []any) {
	t.Helper()
	s, err := Compile(e, fixtureResolver("posts", AccessClient))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text, args, _ := s.ToSql()
	if n := longestChain(text); n > flatChain {
		t.Errorf("%s: a flat chain of %d terms", name, n)
	}
	return text, args
}

// longestChain is the most terms joined by AND or OR within one pair of
// parentheses of the SQL text (which holds no quoted text but ”-like
// constants without parentheses or spaces).
func longestChain(sql string) int {
	seps := []int{0}
	longest := 0
	for i := 0; i < len(sql); i++ {
		switch {
		case sql[i] == '(':
			seps = append(seps, 0)
		case sql[i] == ')':
			longest = max(longest, seps[len(seps)-1]+1)
			seps = seps[:len(seps)-1]
		case strings.HasPrefix(sql[i:], " AND "), strings.HasPrefix(sql[i:], " OR "):
			seps[len(seps)-1]++
		}
	}
	return max(longest, seps[0]+1)
}

// values is "v0", "v1", … as where values.
func values(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprint("v", i)
	}
	return out
}

// viewsChain is `views > 0 && views > 1 && …`: n terms that stay apart.
func viewsChain(n int) Expr {
	terms := make([]Expr, n)
	for i := range terms {
		id := &Ident{Raw: "views", Path: []string{"views"}}
		terms[i] = &Comparison{Op: OpGt, Left: id, Right: &Literal{Kind: LitNumber, Num: float64(i)}}
	}
	return &Logical{Op: And, Terms: terms}
}

// sharedChain is `comments_via_post.message < "v0" && …`: n terms on one
// shared path, all in the one EXISTS that joins it.
func sharedChain(n int) Expr {
	terms := make([]Expr, n)
	for i := range terms {
		id := &Ident{Raw: "comments_via_post.message", Path: []string{"comments_via_post", "message"}}
		terms[i] = &Comparison{Op: OpLt, Left: id, Right: &Literal{Kind: LitString, Str: fmt.Sprint("v", i)}}
	}
	return &Logical{Op: And, Terms: terms}
}
