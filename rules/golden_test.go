package rules

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCase is one input of a golden archive. An input may start with
// directive lines: "%access client|rule|superuser", "%root <table>",
// "%auth <table>" (the caller's collection; default users), "%sort" (the
// input is a sort expression), "%limits <len> <cmps>".
type goldenCase struct {
	file, name string
	src        string
	root       string
	auth       string
	access     Access
	sort       bool
	opts       ParseOptions
}

func parseDirectives(c *goldenCase, data string) {
	lines := strings.Split(strings.TrimRight(data, "\n"), "\n")
	var rest []string
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 || !strings.HasPrefix(f[0], "%") {
			rest = append(rest, l)
			continue
		}
		switch f[0] {
		case "%access":
			c.access = map[string]Access{"client": AccessClient, "rule": AccessRule, "superuser": AccessSuperuser}[f[1]]
		case "%root":
			c.root = f[1]
		case "%auth":
			c.auth = f[1]
		case "%sort":
			c.sort = true
		case "%limits":
			fmt.Sscan(f[1], &c.opts.MaxLength)
			fmt.Sscan(f[2], &c.opts.MaxComparisons)
		}
	}
	c.src = strings.Join(rest, "\n")
}

// run compiles the case and renders the result as golden text. For a
// sort, s is the ORDER BY list and where the condition it adds.
func (c *goldenCase) run() (out string, s, where SQL, err error) {
	r := fixtureResolverAs(c.root, c.access, c.auth)
	if c.sort {
		var st Sort
		st, err = CompileSort(c.src, r)
		for i, t := range st.Terms {
			if i > 0 {
				s.Text += ", "
			}
			s.Text += t.Text
			s.Args = append(s.Args, t.Args...)
		}
		if st.Where != nil {
			where.Text, where.Args, _ = st.Where.ToSql()
		}
	} else {
		var e Expr
		if e, err = ParseWithOptions(c.src, c.opts); err == nil {
			var sz interface{ ToSql() (string, []any, error) }
			if sz, err = Compile(e, r); err == nil {
				s.Text, s.Args, _ = sz.ToSql()
			}
		}
	}
	if err != nil {
		return "error: " + err.Error() + "\n" + "kind: " + errKind(err) + "\n", s, where, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sql: %s\n", s.Text)
	for _, a := range s.Args {
		fmt.Fprintf(&b, "arg: %T %#v\n", a, a)
	}
	if where.Text != "" {
		fmt.Fprintf(&b, "where: %s\n", where.Text)
		for _, a := range where.Args {
			fmt.Fprintf(&b, "arg: %T %#v\n", a, a)
		}
	}
	return b.String(), s, where, nil
}

func errKind(err error) string {
	var se *SyntaxError
	for _, k := range []struct {
		err  error
		name string
	}{{ErrUnknownField, "ErrUnknownField"}, {ErrHiddenField, "ErrHiddenField"}, {ErrForbiddenFilter, "ErrForbiddenFilter"},
		{ErrLockedRelation, "ErrLockedRelation"}, {ErrInvalidExpression, "ErrInvalidExpression"}} {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	if errors.As(err, &se) {
		return "SyntaxError"
	}
	return "other"
}

// loadGolden reads every case of every archive; defaults come from the
// archive comment, written as directives.
func loadGolden(t *testing.T) map[string][]*goldenCase {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	out := map[string][]*goldenCase{}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var def goldenCase
		def.root = "posts"
		parseDirectives(&def, string(ar.Comment))
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, ".out") {
				continue
			}
			c := def
			c.file, c.name = f, af.Name
			parseDirectives(&c, string(af.Data))
			out[f] = append(out[f], &c)
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	for file, cases := range loadGolden(t) {
		ar, _ := txtar.ParseFile(file)
		want := map[string]string{}
		inputs := map[string][]byte{}
		for _, f := range ar.Files {
			if name, ok := strings.CutSuffix(f.Name, ".out"); ok {
				want[name] = string(f.Data)
			} else {
				inputs[f.Name] = f.Data
			}
		}
		var rewritten []txtar.File
		for _, c := range cases {
			got, _, _, _ := c.run()
			rewritten = append(rewritten, txtar.File{Name: c.name, Data: inputs[c.name]}, txtar.File{Name: c.name + ".out", Data: []byte(got)})
			if !*update && got != want[c.name] {
				t.Errorf("%s: %s\n-- input --\n%s\n-- got --\n%s-- want --\n%s", file, c.name, c.src, got, want[c.name])
			}
		}
		if *update {
			ar.Files = rewritten
			if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestGolden_SQLiteAgreesWithEval runs every compiled golden filter on posts
// in a real SQLite database and checks Eval picks the same rows.
func TestGolden_SQLiteAgreesWithEval(t *testing.T) {
	db := openFixtureDB(t)
	recs := postRows(t, db)
	evaluated := 0
	for _, cases := range loadGolden(t) {
		for _, c := range cases {
			if c.root != "posts" {
				continue
			}
			_, s, where, err := c.run()
			if err != nil {
				continue
			}
			q, args := "SELECT id FROM posts WHERE "+s.Text+" ORDER BY id", s.Args
			if c.sort {
				q, args = "SELECT id FROM posts ORDER BY "+s.Text, s.Args
				if where.Text != "" {
					q, args = "SELECT id FROM posts WHERE "+where.Text+" ORDER BY "+s.Text, append(append([]any(nil), where.Args...), s.Args...)
				}
			}
			rows, err := db.Query(q, args...)
			if err != nil {
				t.Errorf("%s: %s: sqlite: %v\n%s", c.file, c.name, err, q)
				continue
			}
			var sqlIDs []string
			for rows.Next() {
				var id string
				_ = rows.Scan(&id)
				sqlIDs = append(sqlIDs, id)
			}
			rows.Close()
			if c.sort {
				continue
			}
			e, _ := ParseWithOptions(c.src, c.opts)
			var evalIDs []string
			skip := false
			for _, rec := range recs {
				ok, err := Eval(e, rec, fixtureResolverAs(c.root, c.access, c.auth))
				if errors.Is(err, ErrNeedsDatabase) {
					skip = true
					break
				}
				if err != nil {
					t.Errorf("%s: %s: eval: %v", c.file, c.name, err)
					skip = true
					break
				}
				if ok {
					evalIDs = append(evalIDs, rec["id"].(string))
				}
			}
			if skip {
				continue
			}
			evaluated++
			if fmt.Sprint(sqlIDs) != fmt.Sprint(evalIDs) {
				t.Errorf("%s: %s: %s\nsql  %v\neval %v", c.file, c.name, c.src, sqlIDs, evalIDs)
			}
		}
	}
	t.Logf("eval agreed with SQLite on %d cases", evaluated)
	if evaluated < 20 {
		t.Errorf("only %d cases evaluated in memory", evaluated)
	}
}
