package rest_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func (ta *testAPI) enableBatch(max int) {
	ta.t.Helper()
	status, body := ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"batch": map[string]any{"enabled": true, "maxRequests": max}})
	mustStatus(ta.t, "enable batch", status, http.StatusOK, body)
}

func (ta *testAPI) createPosts(createRule string) {
	ta.t.Helper()
	status, body := ta.do("POST", "/api/collections", ta.suTok, map[string]any{
		"name": "posts", "listRule": "", "viewRule": "", "createRule": createRule, "updateRule": createRule, "deleteRule": createRule,
		"fields": []any{map[string]any{"name": "title", "type": "text", "required": true}, map[string]any{"name": "views", "type": "number"}},
	})
	mustStatus(ta.t, "create posts", status, http.StatusOK, body)
}

func batchBody(reqs ...map[string]any) map[string]any {
	list := make([]any, len(reqs))
	for i, r := range reqs {
		list[i] = r
	}
	return map[string]any{"requests": list}
}

func TestBatch(t *testing.T) {
	ta := newTestAPI(t)
	ta.createPosts("")

	t.Run("disabled by default: 403", func(t *testing.T) {
		status, body := ta.do("POST", "/api/batch", ta.suTok, batchBody(map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{"title": "a"}}))
		mustStatus(t, "batch", status, http.StatusForbidden, body)
		if dig(body, "message") != "Batch requests are not allowed." {
			t.Fatalf("message: %s", jsonText(body))
		}
	})

	ta.enableBatch(5)

	t.Run("create, upsert, update and delete in order", func(t *testing.T) {
		status, body := ta.do("POST", "/api/batch", "", batchBody(
			map[string]any{"method": "POST", "url": "/api/collections/posts/records?fields=id,title", "body": map[string]any{"id": "batchrecord0001", "title": "one"}},
			map[string]any{"method": "PUT", "url": "/api/collections/posts/records", "body": map[string]any{"id": "batchrecord0001", "title": "one-upserted"}},
			map[string]any{"method": "PUT", "url": "/api/collections/POSTS/records?fields=title", "body": map[string]any{"title": "two"}},
			map[string]any{"method": "PATCH", "url": "/api/collections/posts/records/batchrecord0001", "body": map[string]any{"views+": 3}},
			map[string]any{"method": "DELETE", "url": "/api/collections/posts/records/batchrecord0001"},
		))
		mustStatus(t, "batch", status, http.StatusOK, body)
		want := `[{"body":{"id":"batchrecord0001","title":"one"},"status":200},`
		if got := jsonText(body); !strings.HasPrefix(got, want) {
			t.Fatalf("got %s", got)
		}
		if dig(body, "1", "body", "title") != "one-upserted" || dig(body, "2", "body", "title") != "two" ||
			dig(body, "3", "body", "views") != float64(3) || dig(body, "4", "status") != float64(204) {
			t.Fatalf("got %s", jsonText(body))
		}
		if dig(body, "4", "body") != nil {
			t.Fatalf("delete body: %s", jsonText(body))
		}
	})

	t.Run("the first failure rolls every item back", func(t *testing.T) {
		status, body := ta.do("POST", "/api/batch", "", batchBody(
			map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{"title": "rolled-back"}},
			map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{}},
		))
		mustStatus(t, "batch", status, http.StatusBadRequest, body)
		item := dig(body, "data", "requests", "1")
		if dig(body, "message") != "Batch transaction failed." || dig(item, "code") != "batch_request_failed" ||
			dig(item, "message") != "Batch request failed." || dig(item, "response", "status") != float64(400) ||
			dig(item, "response", "data", "title", "code") != "validation_required" {
			t.Fatalf("got %s", jsonText(body))
		}
		_, list := ta.do("GET", `/api/collections/posts/records?filter=title="rolled-back"`, "", nil)
		if dig(list, "totalItems") != float64(0) {
			t.Fatalf("not rolled back: %s", jsonText(list))
		}
	})

	t.Run("limits and bad items", func(t *testing.T) {
		item := map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{"title": "x"}}
		status, body := ta.do("POST", "/api/batch", "", batchBody(item, item, item, item, item, item))
		mustStatus(t, "too many", status, http.StatusBadRequest, body)
		if dig(body, "data", "requests", "code") != "validation_length_too_long" {
			t.Fatalf("got %s", jsonText(body))
		}
		status, body = ta.do("POST", "/api/batch", "", `{"requests":[]}`)
		mustStatus(t, "none", status, http.StatusBadRequest, body)
		status, body = ta.do("POST", "/api/batch", "", batchBody(map[string]any{"method": "GET", "url": "/api/collections/posts/records"}))
		mustStatus(t, "list in batch", status, http.StatusBadRequest, body)
		if dig(body, "data", "requests", "0", "code") != "batch_request_failed" {
			t.Fatalf("got %s", jsonText(body))
		}
		status, body = ta.do("POST", "/api/batch", "", batchBody(map[string]any{"method": "TRACE", "url": ""}))
		mustStatus(t, "bad item", status, http.StatusBadRequest, body)
		if dig(body, "data", "requests", "0", "url", "code") != "validation_required" {
			t.Fatalf("got %s", jsonText(body))
		}
	})

	t.Run("maxBodySize answers 413", func(t *testing.T) {
		status, body := ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"batch": map[string]any{"maxBodySize": 200}})
		mustStatus(t, "settings", status, http.StatusOK, body)
		defer ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"batch": map[string]any{"maxBodySize": 0}})
		status, body = ta.do("POST", "/api/batch", "", batchBody(map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{"title": strings.Repeat("x", 300)}}))
		mustStatus(t, "too large", status, http.StatusRequestEntityTooLarge, body)
	})

	t.Run("multipart with @jsonPayload; file parts go to their item", func(t *testing.T) {
		send := func(fileKey string) (int, any) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("@jsonPayload", `{"requests":[{"method":"POST","url":"/api/collections/posts/records","body":{"title":"multipart"}}]}`)
			if fileKey != "" {
				fw, _ := mw.CreateFormFile(fileKey, "a.txt")
				fw.Write([]byte("hello"))
			}
			mw.Close()
			req, _ := http.NewRequest("POST", ta.srv.URL+"/api/batch", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return ta.send(req)
		}
		status, body := send("")
		mustStatus(t, "multipart", status, http.StatusOK, body)
		if dig(body, "0", "body", "title") != "multipart" {
			t.Fatalf("got %s", jsonText(body))
		}
		status, body = send("requests.0.doc")
		mustStatus(t, "a file for a key the collection lacks is ignored", status, http.StatusOK, body)
		status, body = send("requests[3].doc")
		mustStatus(t, "a file for no item", status, http.StatusBadRequest, body)
	})
}

func TestBatch_RulesSeeBatchContextAndOuterAuth(t *testing.T) {
	ta := newTestAPI(t)
	ta.createPosts(`@request.context = "batch" && @request.auth.id != "" && @request.headers.x_note = "hi"`)
	ta.enableBatch(10)
	userTok := ta.userToken()
	item := map[string]any{"method": "POST", "url": "/api/collections/posts/records", "headers": map[string]any{"X-Note": "hi", "Authorization": "ignored"}, "body": map[string]any{"title": "ctx"}}

	status, body := ta.do("POST", "/api/batch", userTok, batchBody(item))
	mustStatus(t, "user batch", status, http.StatusOK, body)

	status, body = ta.do("POST", "/api/batch", "", batchBody(item))
	mustStatus(t, "guest batch", status, http.StatusBadRequest, body)

	req, _ := http.NewRequest("POST", ta.srv.URL+"/api/collections/posts/records", strings.NewReader(`{"title":"direct"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", userTok)
	req.Header.Set("X-Note", "hi")
	status, body = ta.send(req)
	mustStatus(t, "outside a batch the context is default", status, http.StatusBadRequest, body)
}
