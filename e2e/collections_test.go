package e2e

import (
	"strings"
	"testing"
)

func TestCollections_API(t *testing.T) {
	s := StartServer(t)
	posts := `{"name":"posts","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text","required":true,"max":100},{"name":"views","type":"number"},{"name":"tags","type":"select","values":["a","b","c"],"maxSelect":3}]}`
	s.Run(t, nil, []Scenario{
		{Name: "health is public", Method: "GET", Path: "/api/health", As: "guest", Status: 200, Contains: []string{`"message":"API is healthy."`}},
		{Name: "guest cannot list collections", Method: "GET", Path: "/api/collections", As: "guest", Status: 401, Contains: []string{`"status":401`, `"data":{}`}},
		{Name: "a bad token is a guest", Method: "GET", Path: "/api/collections", As: "badtoken", Status: 401},
		{Name: "superuser lists _superusers and the default users", Method: "GET", Path: "/api/collections", As: "superuser", Status: 200, Contains: []string{`"_superusers"`, `"id":"_pb_users_auth_"`, `"totalItems":2`}, NotContains: []string{`"secret"`}},
		{Name: "guest cannot create", Method: "POST", Path: "/api/collections", As: "guest", Body: posts, Status: 401},
		{Name: "superuser creates posts", Method: "POST", Path: "/api/collections", As: "superuser", Body: posts, Status: 200, Contains: []string{`"name":"posts"`, `"id":"pbc_`, `"name":"id"`, `"primaryKey":true`}},
		{Name: "duplicate name is refused, case-insensitively", Method: "POST", Path: "/api/collections", As: "superuser", Body: strings.Replace(posts, `"posts"`, `"POSTS"`, 1), Status: 400, Contains: []string{`"name":{"code":"validation_collection_name_exists"`}},
		{Name: "malformed JSON", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":`, Status: 400, Contains: []string{`"status":400`}},
		{Name: "unknown field type", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"x","fields":[{"name":"a","type":"bogus"}]}`, Status: 400, Contains: []string{`"fields":{"0":{"type":{"code":"validation_invalid_type"`}},
		{Name: "invalid collection name", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"bad name!"}`, Status: 400, Contains: []string{`"name":{"code":"validation_match_invalid"`}},
		{Name: "name with _via_ is refused", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"a_via_b"}`, Status: 400, Contains: []string{`"name"`}},
		{Name: "reserved field name", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"x","fields":[{"name":"expand","type":"text"}]}`, Status: 400, Contains: []string{`validation_not_in_invalid`}},
		{Name: "duplicate field names", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"x","fields":[{"name":"a","type":"text"},{"name":"A","type":"bool"}]}`, Status: 400, Contains: []string{`validation_duplicated_field_name`}},
		{Name: "rule naming a missing field is refused", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"x","listRule":"nope = 1"}`, Status: 400, Contains: []string{`"listRule":{"code":"validation_invalid_rule"`}},
		{Name: "relation to a missing collection", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"x","fields":[{"name":"r","type":"relation","collectionId":"nope","maxSelect":1}]}`, Status: 400, Contains: []string{`validation_field_relation_missing_collection`}},
		{Name: "oversized body", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"big","x":"` + strings.Repeat("a", 33<<20) + `"}`, Status: 413},
		{Name: "get by name", Method: "GET", Path: "/api/collections/posts", As: "superuser", Status: 200, Contains: []string{`"name":"posts"`}},
		{Name: "rules round-trip as written", Method: "PATCH", Path: "/api/collections/posts", As: "superuser", Body: `{"listRule":"views > 0 && title != '<b>'"}`, Status: 200, Contains: []string{`"listRule":"views > 0 && title != '<b>'"`}},
		{Name: "get by name is case-insensitive", Method: "GET", Path: "/api/collections/Posts", As: "superuser", Status: 200},
		{Name: "get missing", Method: "GET", Path: "/api/collections/nope", As: "superuser", Status: 404, Contains: []string{`"status":404`}},
		{Name: "filter and sort", Method: "GET", Path: "/api/collections?filter=name~'post'&sort=-created", As: "superuser", Status: 200, Contains: []string{`"totalItems":1`, `"name":"posts"`}},
		{Name: "bad filter is a 400", Method: "GET", Path: "/api/collections?filter=name~~", As: "superuser", Status: 400},
		{Name: "system collection cannot be deleted", Method: "DELETE", Path: "/api/collections/_superusers", As: "superuser", Status: 400},
		{Name: "unknown api route is a JSON 404", Method: "GET", Path: "/api/nope", As: "guest", Status: 404, Contains: []string{`"message":"File not found."`}},
	})
	t.Run("auth collection secrets are never returned", func(t *testing.T) {
		res := s.MustDo(t, 200, "GET", "/api/collections/_superusers", s.AdminToken(t), nil)
		if strings.Contains(res.Body, `"secret"`) {
			t.Fatalf("secret leaked: %s", res.Body)
		}
	})
	t.Run("security headers", func(t *testing.T) {
		res := s.Do(t, "GET", "/api/health", "", nil)
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN", "X-Xss-Protection": "1; mode=block"} {
			if res.Header.Get(k) != v {
				t.Errorf("%s = %q, want %q", k, res.Header.Get(k), v)
			}
		}
	})
}

func TestCollections_ChangesKeepData(t *testing.T) {
	s := StartServer(t)
	tok := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", tok, `{"name":"notes","listRule":"","viewRule":"","fields":[
		{"name":"title","type":"text"},{"name":"count","type":"text"},{"name":"tags","type":"select","values":["a","b"],"maxSelect":2},{"name":"gone","type":"text"}],
		"indexes":["CREATE INDEX idx_title ON notes (title)"]}`)
	for _, body := range []string{
		`{"title":"one","count":"12","tags":["a"],"gone":"x"}`,
		`{"title":"two","count":"7","tags":["a","b"],"gone":"y"}`,
	} {
		s.MustDo(t, 200, "POST", "/api/collections/notes/records", tok, body)
	}
	col := s.MustDo(t, 200, "GET", "/api/collections/notes", tok, nil)
	var def map[string]any
	col.Decode(t, &def)
	fields := def["fields"].([]any)
	titleID := fields[1].(map[string]any)["id"].(string)
	countID := fields[2].(map[string]any)["id"].(string)
	tagsID := fields[3].(map[string]any)["id"].(string)

	t.Run("rename, retype text to number, drop a field, add a field, rename the collection", func(t *testing.T) {
		s.MustDo(t, 200, "PATCH", "/api/collections/notes", tok, `{"name":"memos","fields":[
			{"id":"text3208210256","name":"id","type":"text","system":true,"primaryKey":true,"min":15,"max":15,"pattern":"^[a-z0-9]+$","autogeneratePattern":"[a-z0-9]{15}","required":true},
			{"id":"`+titleID+`","name":"heading","type":"text"},
			{"id":"`+countID+`","name":"count","type":"number"},
			{"id":"`+tagsID+`","name":"tags","type":"select","values":["a","b"],"maxSelect":2},
			{"name":"extra","type":"bool"}],
			"indexes":["CREATE UNIQUE INDEX idx_heading ON memos (heading)"]}`)
		res := s.MustDo(t, 200, "GET", "/api/collections/memos/records?sort=heading", tok, nil)
		for _, frag := range []string{`"heading":"one"`, `"count":12`, `"heading":"two"`, `"count":7`, `"tags":["a","b"]`, `"extra":false`} {
			if !strings.Contains(res.Body, frag) {
				t.Errorf("after migration the records lack %s: %s", frag, res.Body)
			}
		}
		if strings.Contains(res.Body, `"gone"`) {
			t.Errorf("dropped field still returned: %s", res.Body)
		}
		// the new unique index is enforced
		s.MustDo(t, 400, "POST", "/api/collections/memos/records", tok, `{"heading":"one"}`)
	})

	t.Run("a retype that would lose data is refused and changes nothing", func(t *testing.T) {
		s.MustDo(t, 200, "POST", "/api/collections/memos/records", tok, `{"heading":"three"}`)
		res := s.MustDo(t, 400, "PATCH", "/api/collections/memos", tok, `{"fields":[
			{"id":"text3208210256","name":"id","type":"text","system":true,"primaryKey":true,"min":15,"max":15,"pattern":"^[a-z0-9]+$","autogeneratePattern":"[a-z0-9]{15}","required":true},
			{"id":"`+titleID+`","name":"heading","type":"number"},
			{"id":"`+countID+`","name":"count","type":"number"},
			{"id":"`+tagsID+`","name":"tags","type":"select","values":["a","b"],"maxSelect":2}]}`)
		if !strings.Contains(res.Body, "validation_data_loss") || !strings.Contains(res.Body, "heading") {
			t.Fatalf("want a data-loss refusal naming the field: %s", res.Body)
		}
		list := s.MustDo(t, 200, "GET", "/api/collections/memos/records?sort=heading", tok, nil)
		if !strings.Contains(list.Body, `"heading":"three"`) || !strings.Contains(list.Body, `"extra":false`) {
			t.Fatalf("refused change altered data: %s", list.Body)
		}
	})

	t.Run("multi to single select refused while a record holds two values", func(t *testing.T) {
		res := s.MustDo(t, 400, "PATCH", "/api/collections/memos", tok, `{"fields":[
			{"id":"text3208210256","name":"id","type":"text","system":true,"primaryKey":true,"min":15,"max":15,"pattern":"^[a-z0-9]+$","autogeneratePattern":"[a-z0-9]{15}","required":true},
			{"id":"`+titleID+`","name":"heading","type":"text"},
			{"id":"`+tagsID+`","name":"tags","type":"select","values":["a","b"],"maxSelect":1}]}`)
		if !strings.Contains(res.Body, "holds 2 values") {
			t.Fatalf("want the reason: %s", res.Body)
		}
	})

	t.Run("truncate and delete", func(t *testing.T) {
		s.MustDo(t, 204, "DELETE", "/api/collections/memos/truncate", tok, nil)
		res := s.MustDo(t, 200, "GET", "/api/collections/memos/records", tok, nil)
		if !strings.Contains(res.Body, `"totalItems":0`) {
			t.Fatalf("truncate left records: %s", res.Body)
		}
		s.MustDo(t, 204, "DELETE", "/api/collections/memos", tok, nil)
		s.MustDo(t, 404, "GET", "/api/collections/memos", tok, nil)
	})
}

func TestCollections_Import(t *testing.T) {
	s := StartServer(t)
	tok := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", tok, `{"name":"old"}`)
	s.MustDo(t, 204, "PUT", "/api/collections/import", tok, `{"deleteMissing":true,"collections":[
		{"name":"authors","fields":[{"name":"name","type":"text"}]},
		{"name":"books","fields":[{"name":"title","type":"text"},{"name":"author","type":"relation","collectionId":"authors","maxSelect":1,"cascadeDelete":true}]}]}`)
	list := s.MustDo(t, 200, "GET", "/api/collections", tok, nil)
	if !strings.Contains(list.Body, `"authors"`) || !strings.Contains(list.Body, `"books"`) || strings.Contains(list.Body, `"name":"old"`) {
		t.Fatalf("import result: %s", list.Body)
	}
	// a failing import changes nothing
	s.MustDo(t, 400, "PUT", "/api/collections/import", tok, `{"collections":[{"name":"fresh"},{"name":"bad name"}]}`)
	s.MustDo(t, 404, "GET", "/api/collections/fresh", tok, nil)
}
