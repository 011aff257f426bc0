package e2e

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The generated part of the corpus: every filter operator on every field
// kind of the fixture's "kinds" collection, with the values that matter at
// the edges ("" and null above all), then the modifiers and relation
// paths. Their answers are recorded in golden/matrix.json like the others.

var pbOps = []struct{ sign, name string }{
	{"=", "eq"}, {"!=", "neq"}, {">", "gt"}, {">=", "gte"}, {"<", "lt"}, {"<=", "lte"},
	{"~", "like"}, {"!~", "nlike"},
	{"?=", "any-eq"}, {"?!=", "any-neq"}, {"?>", "any-gt"}, {"?>=", "any-gte"},
	{"?<", "any-lt"}, {"?<=", "any-lte"}, {"?~", "any-like"}, {"?!~", "any-nlike"},
}

// pbFieldValues: each field of "kinds" (or a path into it) with the
// right-hand values tried under every operator.
var pbFieldValues = []struct {
	field  string
	values []string
}{
	{"title", []string{`""`, `null`, `"Alpha"`, `"alpha"`}},
	{"num", []string{`0`, `5`, `"5"`, `""`, `null`}},
	{"flag", []string{`true`, `false`, `""`, `null`}},
	{"email", []string{`""`, `"a@x.io"`}},
	{"site", []string{`""`, `"https://a.example.com"`}},
	{"body", []string{`""`, `"world"`}},
	{"day", []string{`""`, `"2024-01-15 10:00:00.000Z"`, `"2024-01-15"`, `@now`}},
	{"created", []string{`""`, `@now`}},
	{"geo", []string{`""`}},
	{"geo.lat", []string{`50`, `0`}},
	{"meta", []string{`""`, `null`, `1`, `"x"`}},
	{"meta.a", []string{`1`, `null`}},
	{"pick", []string{`""`, `null`, `"a"`}},
	{"tags", []string{`""`, `null`, `"a"`, `'["a","b"]'`}},
	{"owner", []string{`""`, `null`, `"alice0000000000"`}},
	{"reviewers", []string{`""`, `null`, `"alice0000000000"`}},
	{"org", []string{`""`, `"orgacme00000000"`}},
	{"doc", []string{`""`, `null`, `"report"`}},
	{"docs", []string{`""`, `null`, `".txt"`}},
}

// pbModifierValues: modifiers and relation paths, with the operators that
// tell "each", "any" and "all" apart, under three identities (the related
// collections' list rules depend on who asks).
var pbModifierValues = []struct {
	field  string
	values []string
}{
	{"tags:each", []string{`"a"`, `""`}},
	{"tags:length", []string{`0`, `2`}},
	{"tags:lower", []string{`"a"`}},
	{"pick:each", []string{`"a"`}},
	{"pick:length", []string{`1`}},
	{"reviewers:each", []string{`"alice0000000000"`}},
	{"reviewers:length", []string{`0`, `2`}},
	{"docs:length", []string{`0`, `2`}},
	{"docs:each", []string{`""`}},
	{"title:lower", []string{`"alpha"`}},
	{"title:isset", []string{`true`}},
	{"meta:each", []string{`1`}},
	{"meta:length", []string{`3`}},
	{"owner.id", []string{`"alice0000000000"`}},
	{"owner.name", []string{`"Bob"`, `""`}},
	{"owner.email", []string{`"carol@example.com"`}},
	{"reviewers.id", []string{`"alice0000000000"`}},
	{"reviewers.name", []string{`"Bob"`, `""`}},
	{"reviewers.name:lower", []string{`"bob"`}},
	{"reviewers:each.name", []string{`"Bob"`}},
	{"org.name", []string{`"Beta"`}},
	{"secret.code", []string{`"S1"`}},
	{"notes_via_kind.text", []string{`"first"`, `""`}},
	{"notes_via_refs.text", []string{`"first"`}},
	{"notes_via_kind.author.name", []string{`"Bob"`}},
}

var pbModifierOps = []string{"=", "!=", "?=", "?!=", "~", "?~", ">"}

func matrixCases() []pbCase {
	var out []pbCase
	for _, fv := range pbFieldValues {
		for _, op := range pbOps {
			for _, v := range fv.values {
				out = append(out, filterCase("filter/"+fv.field+"/"+op.name+"/"+valueName(v), fv.field+" "+op.sign+" "+v, "guest"))
			}
		}
	}
	for _, as := range []string{"guest", "alice", "superuser"} {
		for _, fv := range pbModifierValues {
			for _, sign := range pbModifierOps {
				for _, v := range fv.values {
					name := "path/" + as + "/" + fv.field + "/" + opName(sign) + "/" + valueName(v)
					out = append(out, filterCase(name, fv.field+" "+sign+" "+v, as))
				}
			}
		}
	}
	return out
}

func filterCase(name, filter, as string) pbCase {
	return pbCase{
		Name: name, File: "matrix", Method: "GET", As: as,
		Target: "/api/collections/kinds/records?fields=id&sort=id&filter=" + url.QueryEscape(filter),
	}
}

func opName(sign string) string {
	for _, op := range pbOps {
		if op.sign == sign {
			return op.name
		}
	}
	return sign
}

var pbNonName = regexp.MustCompile(`[^A-Za-z0-9@.:-]+`)

// valueName turns a filter value into a case-name part: "" -> empty.
func valueName(v string) string {
	quoted := strings.HasPrefix(v, `"`)
	v = strings.Trim(v, `"'`)
	if _, err := strconv.ParseFloat(v, 64); err == nil && quoted {
		return "str-" + v
	}
	if v == "" {
		return "empty"
	}
	return strings.Trim(pbNonName.ReplaceAllString(v, "_"), "_")
}
