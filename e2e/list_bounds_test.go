package e2e

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// listBoundsApp makes a public posts collection with n records and
// returns their ids in creation order.
func listBoundsApp(t *testing.T, s *Server, n int) []string {
	t.Helper()
	s.MustDo(t, 200, "POST", "/api/collections", s.AdminToken(t), `{"name":"posts","listRule":"","viewRule":"","createRule":"","fields":[
		{"name":"title","type":"text"},{"name":"tags","type":"select","maxSelect":3,"values":["a","b","c"]}]}`)
	ids := make([]string, n)
	for i := range ids {
		var rec struct{ ID string }
		s.MustDo(t, 200, "POST", "/api/collections/posts/records", "", map[string]any{"title": fmt.Sprintf("t%d", i), "tags": []string{"a", "b", "c"}[i%3 : i%3+1]}).Decode(t, &rec)
		ids[i] = rec.ID
	}
	return ids
}

// A page far past the end, even one whose offset overflows 64 bits, is an
// empty page (it was a 500: SQLite's "datatype mismatch"); a page that is
// no 64-bit integer is a 400, as in PocketBase.
func TestRecords_PagePastTheEnd(t *testing.T) {
	s := StartServer(t)
	listBoundsApp(t, s, 3)
	for _, q := range []string{"page=9223372036854775807&perPage=1000", "page=9223372036854775807&perPage=1000&skipTotal=1", "page=4611686018427387904&perPage=3"} {
		var out struct {
			Page       int64
			TotalItems int
			Items      []any
		}
		s.MustDo(t, 200, "GET", "/api/collections/posts/records?"+q, "", nil).Decode(t, &out)
		if len(out.Items) != 0 || out.Page < 1<<62 {
			t.Errorf("%s: %+v", q, out)
		}
	}
	if res := s.Do(t, "GET", "/api/collections/posts/records?page=99999999999999999999", "", nil); res.Status != 400 {
		t.Errorf("page beyond 64 bits: %d %s", res.Status, res.Body)
	}
	if r := s.GQL(t, "", `{ posts(offset: 2147483647, limit: 10) { id } }`, nil); len(r.Errors) > 0 || len(r.Data["posts"].([]any)) != 0 {
		t.Errorf("GraphQL offset at the Int maximum: %s", r.raw)
	}
}

// GraphQL _in and _nin take lists of any length (bound as one JSON array;
// 5,000 ids was INTERNAL "Expression tree is too large"), on single and
// multi-valued fields; a where with more than 200 comparisons, or nested
// deeper than 32 objects, is BAD_USER_INPUT naming the limit.
func TestGraphQL_WhereLargeListsAndBounds(t *testing.T) {
	s := StartServer(t)
	ids := listBoundsApp(t, s, 6)
	many := make([]any, 0, 5002)
	for i := range 5000 {
		many = append(many, fmt.Sprintf("nx%013d", i))
	}
	many = append(many, ids[1], ids[4])
	idsOf := func(d map[string]any) []string {
		var out []string
		for _, p := range d["posts"].([]any) {
			out = append(out, p.(map[string]any)["id"].(string))
		}
		slices.Sort(out)
		return out
	}
	sorted := func(v ...string) []string { slices.Sort(v); return v }

	d := s.GQLOK(t, "", `query($ids: [ID!]) { posts(where: {id: {_in: $ids}}) { id } }`, map[string]any{"ids": many})
	if got := idsOf(d); !slices.Equal(got, sorted(ids[1], ids[4])) {
		t.Errorf("_in: %v", got)
	}
	d = s.GQLOK(t, "", `query($ids: [ID!]) { posts(where: {id: {_nin: $ids}}) { id } postsAggregate(where: {_not: {id: {_in: $ids}}}) { count } }`, map[string]any{"ids": many})
	if got := idsOf(d); !slices.Equal(got, sorted(ids[0], ids[2], ids[3], ids[5])) || pick(d, "postsAggregate", "count") != 4.0 {
		t.Errorf("_nin: %v %s", got, asJSON(d))
	}
	tags := []any{"b", "c"}
	for range 3000 {
		tags = append(tags, "zz")
	}
	d = s.GQLOK(t, "", `query($t: [String!]) { posts(where: {tags: {_in: $t}}) { id } }`, map[string]any{"t": tags})
	if got := idsOf(d); !slices.Equal(got, sorted(ids[1], ids[2], ids[4], ids[5])) {
		t.Errorf("_in on a multi-valued field: %v", got)
	}

	or := make([]any, 201)
	for i := range or {
		or[i] = map[string]any{"title": map[string]any{"_eq": fmt.Sprintf("t%d", i)}}
	}
	d = s.GQLOK(t, "", `query($w: PostsBoolExp) { posts(where: $w) { id } }`, map[string]any{"w": map[string]any{"_or": or[:200]}})
	if len(d["posts"].([]any)) != 6 {
		t.Errorf("200 comparisons: %s", asJSON(d))
	}
	wide := make([]any, 2000)
	for i := range wide {
		wide[i] = or[i%len(or)]
	}
	r := s.GQL(t, "", `query($w: PostsBoolExp) { posts(where: $w) { id } }`, map[string]any{"w": map[string]any{"_or": wide}})
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.raw, "more than 200 comparisons") {
		t.Errorf("2,000 comparisons: %s", r.raw)
	}
	deep := map[string]any{"title": map[string]any{"_eq": "t0"}}
	for range 40 {
		deep = map[string]any{"_and": []any{deep}}
	}
	r = s.GQL(t, "", `query($w: PostsBoolExp) { posts(where: $w) { id } }`, map[string]any{"w": deep})
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.raw, "32 levels") {
		t.Errorf("41 levels: %s", r.raw)
	}
}

// A REST filter of the longest allowed chain of equalities runs, and
// finds what it names.
func TestRecords_FilterOfManyEqualities(t *testing.T) {
	s := StartServer(t)
	ids := listBoundsApp(t, s, 3)
	terms := make([]string, 200)
	for i := range terms {
		terms[i] = fmt.Sprintf("id='n%d'", i) // 200 terms within the 3,500 characters
	}
	terms[100] = "id='" + ids[2] + "'"
	var out struct{ Items []struct{ ID string } }
	s.MustDo(t, 200, "GET", "/api/collections/posts/records?filter="+url.QueryEscape(strings.Join(terms, "||")), "", nil).Decode(t, &out)
	if len(out.Items) != 1 || out.Items[0].ID != ids[2] {
		t.Errorf("%+v", out)
	}
}
