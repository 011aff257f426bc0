package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestEval_NeedsDatabase(t *testing.T) {
	r := fixtureResolver("posts", AccessRule)
	rec := MapRecord{"id": "p1", "author": "u1", "title": "Hello"}
	for _, src := range []string{
		`author.name = "Ann"`, `comments_via_post.message ?= "x"`, `@collection.users.id ?= author`,
		`@request.auth.team.name = "core"`, `strftime("%Y", created) = "2024"`,
	} {
		e, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Eval(e, rec, r); !errors.Is(err, ErrNeedsDatabase) {
			t.Errorf("%s: got %v, want ErrNeedsDatabase", src, err)
		}
	}
}

func TestEval_OtherTermDecides(t *testing.T) {
	r := fixtureResolver("posts", AccessRule)
	e, _ := Parse(`title = "Hello" || author.name = "x"`)
	ok, err := Eval(e, MapRecord{"id": "p1", "title": "Hello"}, r)
	if err != nil || !ok {
		t.Fatalf("got %v, %v", ok, err)
	}
}

func TestEval_ClientRestrictions(t *testing.T) {
	r := fixtureResolver("posts", AccessClient)
	for src, want := range map[string]error{`secret = "x"`: ErrHiddenField, `@request.auth.id = "x"`: ErrForbiddenFilter, `nope = 1`: ErrUnknownField} {
		e, _ := Parse(src)
		if _, err := Eval(e, MapRecord{}, r); !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", src, err, want)
		}
	}
}

func TestCompile_InjectionLeavesDataUnchanged(t *testing.T) {
	db := openFixtureDB(t)
	r := fixtureResolver("posts", AccessClient)
	for _, src := range []string{
		`title = "x" ; DROP TABLE posts`, `title;DROP TABLE posts = 1`, `title = "x'); DROP TABLE posts; --"`,
		`"ti\"tle" = 1`, `title = "x" || 1 = 1) ; DELETE FROM posts --`, "`title` = 1",
	} {
		s, err := CompileString(src, r)
		if err != nil {
			continue
		}
		text, args, _ := s.ToSql()
		if strings.Contains(strings.ToUpper(text), "DROP") {
			t.Errorf("%s: SQL text holds user input: %s", src, text)
		}
		rows, err := db.Query("SELECT id FROM posts WHERE "+text, args...)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		rows.Close()
	}
	for _, sort := range []string{"title;DROP TABLE posts", `title" DESC; DROP TABLE posts; --`, "-(title)"} {
		if _, err := CompileSort(sort, r); err == nil {
			t.Errorf("sort %q: want an error", sort)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM posts`).Scan(&n); err != nil || n != 5 {
		t.Fatalf("posts changed: %d rows, %v", n, err)
	}
}

func TestQuoteIdent(t *testing.T) {
	if got := QuoteIdent(`a"b`); got != `"a""b"` {
		t.Fatalf("got %s", got)
	}
}

func TestSyntaxError_Message(t *testing.T) {
	_, err := Parse(`title = "x" && views foo`)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Pos != 21 || se.Error() != `at 21: expected an operator, found "foo"` {
		t.Fatalf("got %v", err)
	}
}

func TestEval_IdentityIsCollectionAndID(t *testing.T) {
	for _, c := range []struct {
		root, auth, src string
		rec             MapRecord
		want            bool
	}{
		{"users", "users", `id = @request.auth.id`, MapRecord{"id": "u1"}, true},
		{"users", "admins", `id = @request.auth.id`, MapRecord{"id": "u1"}, false},
		{"users", "admins", `id != @request.auth.id`, MapRecord{"id": "u1"}, true},
		{"admins", "admins", `id = @request.auth.id`, MapRecord{"id": "u1"}, true},
		{"teams", "users", `members:each ?= @request.auth.id`, MapRecord{"id": "t1", "members": `["u1"]`}, true},
		{"teams", "admins", `members:each ?= @request.auth.id`, MapRecord{"id": "t1", "members": `["u1"]`}, false},
		// named bare, a multi relation is its JSON text: never an id
		{"teams", "users", `members ?= @request.auth.id`, MapRecord{"id": "t1", "members": `["u1"]`}, false},
		{"teams", "users", `members != @request.auth.id`, MapRecord{"id": "t1", "members": `["u1"]`}, true},
		{"posts", "admins", `author.id = @request.auth.id`, MapRecord{"id": "p1", "author": "u1"}, false},
		{"posts", "admins", `title = @request.auth.id`, MapRecord{"id": "p1", "title": "u1"}, true},
		{"posts", "admins", `vault = @request.auth.id`, MapRecord{"id": "p1", "vault": "u1"}, true},
	} {
		e, err := Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Eval(e, c.rec, fixtureResolverAs(c.root, AccessRule, c.auth))
		if err != nil || got != c.want {
			t.Errorf("%s on %s as a %s record: got %v (%v), want %v", c.src, c.root, c.auth, got, err, c.want)
		}
	}
}
