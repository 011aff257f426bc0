package rules

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// apart wraps every comparison of e in a chain of its own, which never
// merges: the same expression compiled comparison by comparison.
func apart(e Expr) Expr {
	switch e := e.(type) {
	case *Logical:
		terms := make([]Expr, len(e.Terms))
		for i, t := range e.Terms {
			terms[i] = apart(t)
		}
		return &Logical{Pos: e.Pos, Op: e.Op, Terms: terms}
	case *Comparison:
		return &Logical{Pos: e.Pos, Op: Or, Terms: []Expr{e}}
	}
	return e
}

// whereChain builds what GraphQL's where builds for _in/_nin: one
// comparison per value, each operand on its own joins (Ident.Alone).
func whereChain(join LogicOp, op Op, path, mod string, vals ...any) Expr {
	terms := make([]Expr, len(vals))
	for i, v := range vals {
		lit := &Literal{Kind: LitNull}
		switch v := v.(type) {
		case string:
			lit = &Literal{Kind: LitString, Str: v}
		case float64:
			lit = &Literal{Kind: LitNumber, Num: v}
		}
		raw := path
		if mod != "" {
			raw += ":" + mod
		}
		id := &Ident{Raw: raw, Path: strings.Split(path, "."), Modifier: mod, Alone: true}
		terms[i] = &Comparison{Op: op, Left: id, Right: lit}
	}
	return &Logical{Op: join, Terms: terms}
}

func queryIDs(t *testing.T, db *sql.DB, s SQL) string {
	t.Helper()
	rows, err := db.Query("SELECT id FROM posts WHERE "+s.Text+" ORDER BY id", s.Args...)
	if err != nil {
		t.Errorf("sqlite: %v\n%s", err, s.Text)
		return "(failed)"
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return fmt.Sprint(ids)
}

func compileSQL(t *testing.T, e Expr, r FieldResolver) SQL {
	t.Helper()
	s, err := Compile(e, r)
	if err != nil {
		t.Fatal(err)
	}
	text, args, _ := s.ToSql()
	return SQL{Text: text, Args: args}
}

// A chain merged into membership tests picks exactly the rows of its
// comparisons compiled one by one: every golden filter on posts, and the
// shapes GraphQL's where builds (_in, _nin and their _not, each operand
// on its own joins), as a client and as a rule.
func TestSets_MergedAgreeWithSeparate(t *testing.T) {
	db := openFixtureDB(t)
	type tc struct {
		name   string
		e      Expr
		access Access
	}
	var cases []tc
	for _, golden := range loadGolden(t) {
		for _, c := range golden {
			if c.root != "posts" || c.sort || c.auth != "" {
				continue
			}
			e, err := ParseWithOptions(c.src, c.opts)
			if err != nil {
				continue
			}
			if _, err := Compile(e, fixtureResolver("posts", c.access)); err == nil {
				cases = append(cases, tc{name: c.file + ": " + c.name, e: e, access: c.access})
			}
		}
	}
	where := map[string]Expr{
		"_in on :each":                  whereChain(Or, OpAnyEq, "tags", "each", "db", "web", "zz"),
		"_nin on :each":                 whereChain(And, OpNeq, "tags", "each", "go", "web", ""),
		"_in on :each with empty":       whereChain(Or, OpAnyEq, "tags", "each", "DB", nil),
		"_in on a back-relation":        whereChain(Or, OpAnyEq, "comments_via_post.message", "", "Meh", "ok", "Nice too"),
		"_nin on a back-relation":       whereChain(And, OpNeq, "comments_via_post.message", "", "Meh", "x"),
		"_in on a multi relation":       whereChain(Or, OpAnyEq, "categories.name", "", "News", "100%_real"),
		"_nin on a multi relation":      whereChain(And, OpNeq, "categories.name", "", "Tech", "x"),
		"_in on a relation":             whereChain(Or, OpEq, "author.name", "", "Ann", "cat"),
		"_nin on a relation":            whereChain(And, OpNeq, "author.team.name", "", "core", "x"),
		"_in on an email":               whereChain(Or, OpEq, "author.email", "", "ann@example.com", "bob@example.com"),
		"_in on a number":               whereChain(Or, OpEq, "views", "", 10.0, 5.5, "42"),
		"_nin on ids":                   whereChain(And, OpNeq, "id", "", "p1", "p4", "zz"),
		"_not _in on :each (?!= apart)": whereChain(And, OpAnyNeq, "tags", "each", "go", "db"),
		"_not _nin on :each (= apart)":  whereChain(Or, OpEq, "tags", "each", "go", "web"),
	}
	for name, e := range where {
		cases = append(cases, tc{name: "where " + name, e: e, access: AccessRule},
			tc{name: "where " + name + " (client)", e: e, access: AccessClient})
	}
	merged := 0
	for _, c := range cases {
		r := fixtureResolver("posts", c.access)
		m := compileSQL(t, c.e, r)
		a := compileSQL(t, apart(c.e), r)
		if strings.Contains(m.Text, "json_each(?)") {
			merged++
		}
		if got, want := queryIDs(t, db, m), queryIDs(t, db, a); got != want {
			t.Errorf("%s: merged picks %s, apart %s\nmerged: %s\napart:  %s", c.name, got, want, m.Text, a.Text)
		}
	}
	t.Logf("%d cases, %d with a membership test", len(cases), merged)
	if merged < 40 {
		t.Errorf("only %d cases merged", merged)
	}
}
