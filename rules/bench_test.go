package rules

import "testing"

const tenClauses = `title ~ "hello" && views > 10 && published = true && author.name = "Ann" && ` +
	`tags ?= "go" && created >= @monthStart && (meta.a.b = 1 || categories.name ?= "Tech") && ` +
	`@request.auth.id != "" && comments_via_post.approved ?= true`

func BenchmarkCompile10Clauses(b *testing.B) {
	r := fixtureResolver("posts", AccessRule)
	b.ReportAllocs()
	for b.Loop() {
		e, err := Parse(tenClauses)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compile(e, r); err != nil {
			b.Fatal(err)
		}
	}
}
