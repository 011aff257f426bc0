package e2e

import (
	"net/url"
	"strings"
	"testing"
)

func TestRecords_Service(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.DropDefaultUsers(t)
	for _, def := range []string{
		`{"name":"users","type":"auth","listRule":"","viewRule":"","createRule":"","updateRule":"id = @request.auth.id || @request.auth.role = 'admin'","manageRule":"@request.auth.role = 'admin'","fields":[{"name":"name","type":"text"},{"name":"role","type":"text"}]}`,
		`{"name":"tags","listRule":"","viewRule":"","createRule":"","fields":[{"name":"label","type":"text"}]}`,
		`{"name":"posts","listRule":"","viewRule":"","createRule":"@request.body.title != 'forbidden' && author = @request.auth.id","updateRule":"","deleteRule":"","fields":[
			{"name":"title","type":"text","required":true,"max":20},
			{"name":"views","type":"number","min":0},
			{"name":"author","type":"relation","collectionId":"users","maxSelect":1},
			{"name":"tags","type":"relation","collectionId":"tags","maxSelect":5},
			{"name":"labels","type":"select","values":["x","y","z"],"maxSelect":3},
			{"name":"body","type":"editor"},
			{"name":"meta","type":"json"},
			{"name":"created","type":"autodate","onCreate":true},
			{"name":"updated","type":"autodate","onCreate":true,"onUpdate":true}]}`,
		`{"name":"comments","listRule":"","viewRule":"","createRule":"","deleteRule":"","fields":[
			{"name":"post","type":"relation","collectionId":"posts","maxSelect":1,"required":true,"cascadeDelete":true},
			{"name":"text","type":"text"}]}`,
		`{"name":"pins","listRule":"","viewRule":"","fields":[{"name":"post","type":"relation","collectionId":"posts","maxSelect":1,"required":true}]}`,
		`{"name":"hiddenviews","listRule":"","viewRule":null,"fields":[{"name":"post","type":"relation","collectionId":"posts","maxSelect":1}]}`,
	} {
		s.MustDo(t, 200, "POST", "/api/collections", su, def)
	}
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"id":"annannannannann","email":"ann@example.com","password":"ann-password","passwordConfirm":"ann-password","name":"Ann","emailVisibility":true}`)
	s.MustDo(t, 200, "POST", "/api/collections/users/records", "", `{"id":"bobbobbobbobbob","email":"bob@example.com","password":"bob-password","passwordConfirm":"bob-password","name":"Bob"}`)
	s.MustDo(t, 200, "PATCH", "/api/collections/users/records/bobbobbobbobbob", su, `{"role":"admin"}`)
	ann := s.Login(t, "users", "ann@example.com", "ann-password")
	bob := s.Login(t, "users", "bob@example.com", "bob-password")
	for _, id := range []string{"tagaaaaaaaaaaaa", "tagbbbbbbbbbbbb", "tagcccccccccccc"} {
		s.MustDo(t, 200, "POST", "/api/collections/tags/records", "", `{"id":"`+id+`","label":"`+id[:4]+id[3:4]+`"}`)
	}
	post := "/api/collections/posts/records"
	s.Run(t, map[string]string{"ann": ann, "bob": bob}, []Scenario{
		{Name: "create validates every field", Method: "POST", Path: post, As: "ann", Body: `{"title":"` + strings.Repeat("t", 30) + `","views":-1,"labels":["q"],"author":"annannannannann"}`, Status: 400, Contains: []string{`"title":{"code":"validation_max_text_constraint"`, `"views":{"code":"validation_min_number_constraint"`, `"labels":{"code":"validation_invalid_value"`}},
		{Name: "required field", Method: "POST", Path: post, As: "ann", Body: `{"views":1,"author":"annannannannann"}`, Status: 400, Contains: []string{`"title":{"code":"validation_required"`}},
		{Name: "missing relation ids", Method: "POST", Path: post, As: "ann", Body: `{"title":"x","author":"annannannannann","tags":["nopenopenopenop"]}`, Status: 400, Contains: []string{`"tags":{"code":"validation_missing_rel_records"`}},
		{Name: "createRule sees @request.body", Method: "POST", Path: post, As: "ann", Body: `{"title":"forbidden","author":"annannannannann"}`, Status: 400, Contains: []string{`"message":"Failed to create record."`}},
		{Name: "createRule sees the written record", Method: "POST", Path: post, As: "ann", Body: `{"title":"not mine","author":"bobbobbobbobbob"}`, Status: 400},
		{Name: "create", Method: "POST", Path: post, As: "ann", Body: `{"id":"postpostpost001","title":"first","views":1,"author":"annannannannann","tags":["tagaaaaaaaaaaaa"],"labels":"x","meta":{"k":[1,2]},"body":"<p>Hello <b>world</b>, this is a long body</p>","created":"1999-01-01 00:00:00.000Z"}`, Status: 200, Contains: []string{`"labels":["x"]`, `"meta":{"k":[1,2]}`, `"tags":["tagaaaaaaaaaaaa"]`}, NotContains: []string{"1999-01-01"}},
		{Name: "client id must match the pattern", Method: "POST", Path: post, As: "ann", Body: `{"id":"BAD ID","title":"x","author":"annannannannann"}`, Status: 400, Contains: []string{`"id"`}},
		{Name: "duplicate id", Method: "POST", Path: post, As: "ann", Body: `{"id":"postpostpost001","title":"x","author":"annannannannann"}`, Status: 400, Contains: []string{`validation_not_unique`}},
		{Name: "append/remove modifiers and number increments", Method: "PATCH", Path: post + "/postpostpost001", As: "ann", Body: `{"tags+":["tagbbbbbbbbbbbb","tagcccccccccccc"],"tags-":"tagaaaaaaaaaaaa","labels+":"y","views+":10}`, Status: 200, Contains: []string{`"tags":["tagbbbbbbbbbbbb","tagcccccccccccc"]`, `"labels":["x","y"]`, `"views":11`}},
		{Name: "prepend modifier and decrement", Method: "PATCH", Path: post + "/postpostpost001", As: "ann", Body: `{"+labels":"z","views-":1}`, Status: 200, Contains: []string{`"labels":["z","x","y"]`, `"views":10`}},
		{Name: "the id cannot change", Method: "PATCH", Path: post + "/postpostpost001", As: "ann", Body: `{"id":"otherotherother"}`, Status: 400, Contains: []string{`validation_pk_change`}},
		{Name: "sort, filter, paging", Method: "GET", Path: post + "?sort=-views&filter=" + url.QueryEscape(`tags.id ?= "tagbbbbbbbbbbbb" && labels:each ?= "z"`) + "&perPage=1&page=1", As: "guest", Status: 200, Contains: []string{`"perPage":1`, `"totalItems":1`, `"id":"postpostpost001"`}},
		{Name: "skipTotal", Method: "GET", Path: post + "?skipTotal=1", As: "guest", Status: 200, Contains: []string{`"totalItems":-1`, `"totalPages":-1`}},
		{Name: "perPage is clamped", Method: "GET", Path: post + "?perPage=5000", As: "guest", Status: 200, Contains: []string{`"perPage":1000`}},
		{Name: "bad page", Method: "GET", Path: post + "?page=abc", As: "guest", Status: 400},
		{Name: "unknown sort field", Method: "GET", Path: post + "?sort=nope", As: "guest", Status: 400},
		{Name: "unknown collection", Method: "GET", Path: "/api/collections/nope/records", As: "guest", Status: 404, Contains: []string{`Missing collection context`}},
		{Name: "collection by id or any case", Method: "GET", Path: "/api/collections/POSTS/records", As: "guest", Status: 200},
		{Name: "expand relations and back-relations", Method: "GET", Path: post + "/postpostpost001?expand=author,tags,comments_via_post", As: "guest", Status: 200, Contains: []string{`"expand":{`, `"name":"Ann"`, `"label":"tagbb"`}, NotContains: []string{"ann-password", "tokenKey"}},
		{Name: "fields picker with excerpt", Method: "GET", Path: post + "/postpostpost001?fields=" + url.QueryEscape("id,body:excerpt(10,true)"), As: "guest", Status: 200, Contains: []string{`"body":"Hello worl..."`, `"id":"postpostpost001"`}, NotContains: []string{`"title"`}},
		{Name: "fields picker on list items keeps the envelope", Method: "GET", Path: post + "?fields=id,title", As: "guest", Status: 200, Contains: []string{`"items":[{"id":"postpostpost001","title":"first"}]`, `"totalItems":1`, `"page":1`}},
		{Name: "fields picker into expand, with * and multi-value fields", Method: "GET", Path: post + "/postpostpost001?expand=author,tags&fields=" + url.QueryEscape("tags,expand.author.name,expand.tags.label:excerpt(3)"), As: "guest", Status: 200, Contains: []string{`"tags":["tagbbbbbbbbbbbb","tagcccccccccccc"]`, `"author":{"name":"Ann"}`, `"tags":[{"label":"tag"},{"label":"tag"}]`}, NotContains: []string{`"title"`, `"collectionId"`}},
		{Name: "emailVisibility shows ann's email to others", Method: "GET", Path: "/api/collections/users/records/annannannannann", As: "guest", Status: 200, Contains: []string{"ann@example.com"}},
		{Name: "bob's email is hidden from ann", Method: "GET", Path: "/api/collections/users/records/bobbobbobbobbob", As: "ann", Status: 200, NotContains: []string{"bob@example.com"}},
		{Name: "manageRule: bob (admin) sees and changes ann's email", Method: "PATCH", Path: "/api/collections/users/records/annannannannann", As: "bob", Body: `{"email":"ann2@example.com","verified":true}`, Status: 200, Contains: []string{"ann2@example.com", `"verified":true`}},
	})

	// bob changed ann's email, which rotated her token key: sign in again
	ann = s.Login(t, "users", "ann2@example.com", "ann-password")

	t.Run("delete cascades and refuses required references", func(t *testing.T) {
		s.MustDo(t, 200, "POST", "/api/collections/comments/records", "", `{"id":"commentcomment1","post":"postpostpost001","text":"hi"}`)
		s.MustDo(t, 200, "POST", "/api/collections/pins/records", su, `{"id":"pinpinpinpinpin","post":"postpostpost001"}`)
		res := s.MustDo(t, 400, "DELETE", post+"/postpostpost001", ann, nil)
		if !strings.Contains(res.Body, "required relation reference") {
			t.Fatalf("want the required-reference refusal: %s", res.Body)
		}
		s.MustDo(t, 200, "GET", "/api/collections/comments/records/commentcomment1", "", nil) // nothing was deleted
		s.MustDo(t, 204, "DELETE", "/api/collections/pins/records/pinpinpinpinpin", su, nil)
		s.MustDo(t, 204, "DELETE", post+"/postpostpost001", ann, nil)
		s.MustDo(t, 404, "GET", "/api/collections/comments/records/commentcomment1", "", nil) // cascaded
	})

	t.Run("deleting a tag removes it from multi relations", func(t *testing.T) {
		s.MustDo(t, 200, "POST", post, ann, `{"id":"postpostpost002","title":"second","author":"annannannannann","tags":["tagbbbbbbbbbbbb","tagcccccccccccc"]}`)
		s.MustDo(t, 204, "DELETE", "/api/collections/tags/records/tagbbbbbbbbbbbb", su, nil)
		res := s.MustDo(t, 200, "GET", post+"/postpostpost002", "", nil)
		if !strings.Contains(res.Body, `"tags":["tagcccccccccccc"]`) {
			t.Fatalf("tag id not removed: %s", res.Body)
		}
	})

	t.Run("an expand into a locked collection is left out", func(t *testing.T) {
		s.MustDo(t, 200, "POST", "/api/collections/hiddenviews/records", su, `{"post":"postpostpost002"}`)
		res := s.MustDo(t, 200, "GET", post+"/postpostpost002?expand=hiddenviews_via_post", "", nil)
		if strings.Contains(res.Body, "hiddenviews_via_post") {
			t.Fatalf("locked back-relation expanded: %s", res.Body)
		}
	})

	t.Run("multipart and urlencoded bodies", func(t *testing.T) {
		res := s.Do(t, "POST", "/api/collections/tags/records", "", nil)
		_ = res
		form := url.Values{"label": {"formmade"}}
		r := postForm(t, s.URL+"/api/collections/tags/records", form)
		if r.Status != 200 || !strings.Contains(r.Body, `"label":"formmade"`) {
			t.Fatalf("urlencoded create: %d %s", r.Status, r.Body)
		}
		r = postMultipart(t, s.URL+"/api/collections/posts/records", ann, map[string]string{"title": "multi", "@jsonPayload": `{"author":"annannannannann","meta":{"a":1}}`})
		if r.Status != 200 || !strings.Contains(r.Body, `"meta":{"a":1}`) {
			t.Fatalf("multipart create: %d %s", r.Status, r.Body)
		}
	})
}
