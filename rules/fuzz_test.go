package rules

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseCompile(f *testing.F) {
	for _, s := range []string{
		`title = "x"`, `views > 1 && (published = true || title ~ "a%")`,
		`tags ?= "go" && tags:length > 1`, `author.team.members.name ?= "Bob"`,
		`comments_via_post.message ?~ "nice"`, `@collection.members:m.user ?= @request.auth.id`,
		`@request.body.tags:each ~ "o" && @request.body.title:changed = false`,
		`geoDistance(geo.lon, geo.lat, 1, 2) < 3`, `strftime("%Y", created, "+1 day") = "2024"`,
		`meta.a.0.b = null // c`, `created > @todayStart`, `"ti\"tle" = 1`, `title = 'x' ; DROP`,
		`title = "a" || title = "" || views > 1 || title = "b"`, `tags != "a" && tags != "b" && id != ""`,
		`tags:each ?!= "a" && tags:each ?!= "b" && comments_via_post.message != "x" && comments_via_post.message != ""`,
		`comments_via_post.message ?= "a" || author.email = "b" || comments_via_post.message ?= "c" || author.email = null`,
	} {
		f.Add(s)
	}
	// Every compiled filter must run: SQLite refusing one (an alias that is
	// not joined, a tree too deep) would be a 500 for the client.
	db := openFixtureDB(f)
	r := fixtureResolver("posts", AccessRule)
	client := fixtureResolver("posts", AccessClient)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("parse error is not a *SyntaxError: %v", err)
			}
			return
		}
		for _, res := range []*TableResolver{r, client} {
			s, err := Compile(e, res)
			if err != nil {
				continue
			}
			text, args, _ := s.ToSql()
			if n := strings.Count(text, "?"); n != len(args) {
				t.Fatalf("%d placeholders, %d args\n%s", n, len(args), text)
			}
			rows, err := db.Query("SELECT id FROM posts WHERE "+text, args...)
			if err != nil {
				t.Fatalf("sqlite: %v\n%s\n%s", err, src, text)
			}
			rows.Close()
			_, _ = Eval(e, MapRecord{"id": "p1", "title": "x", "tags": `["a"]`, "meta": `{"a":1}`}, res)
		}
		_, _ = CompileSort(src, client)
	})
}
