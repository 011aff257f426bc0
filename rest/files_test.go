package rest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func pngFile(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// part is one multipart part: a field value, or a file when name is set.
type part struct{ key, name, value string }

// sendMultipart sends parts as multipart/form-data and decodes the JSON answer.
func (ta *testAPI) sendMultipart(method, path, token string, parts ...part) (int, any) {
	ta.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		if p.name == "" {
			mw.WriteField(p.key, p.value)
			continue
		}
		fw, _ := mw.CreateFormFile(p.key, p.name)
		fw.Write([]byte(p.value))
	}
	mw.Close()
	req, _ := http.NewRequest(method, ta.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return ta.send(req)
}

// get fetches a path and returns the raw answer.
func (ta *testAPI) get(path string, header http.Header) (*http.Response, []byte) {
	ta.t.Helper()
	req, _ := http.NewRequest("GET", ta.srv.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func (ta *testAPI) createDocs(viewRule string) {
	ta.t.Helper()
	status, body := ta.do("POST", "/api/collections", ta.suTok, map[string]any{
		"name": "docs", "listRule": "", "viewRule": viewRule, "createRule": "", "updateRule": "",
		"fields": []any{
			map[string]any{"name": "title", "type": "text"},
			map[string]any{"name": "cover", "type": "file", "maxSelect": 1, "thumbs": []string{"20x10"}},
			map[string]any{"name": "papers", "type": "file", "maxSelect": 5},
			map[string]any{"name": "secret", "type": "file", "maxSelect": 1, "protected": true},
		},
	})
	mustStatus(ta.t, "create docs", status, http.StatusOK, body)
}

func TestFiles_Download(t *testing.T) {
	ta := newTestAPI(t)
	ta.createDocs("")
	img := pngFile(t, 40, 40)
	status, body := ta.sendMultipart("POST", "/api/collections/docs/records", "",
		part{key: "title", value: "x"}, part{key: "cover", name: "Cover.png", value: string(img)},
		part{key: "papers", name: "a.txt", value: "hello, world"})
	mustStatus(t, "create", status, http.StatusOK, body)
	id, cover := dig(body, "id").(string), dig(body, "cover").(string)
	paper := dig(body, "papers", "0").(string)
	base := "/api/files/docs/" + id + "/"

	t.Run("an image inline, with PocketBase's headers", func(t *testing.T) {
		res, got := ta.get(base+cover, nil)
		if res.StatusCode != 200 || !bytes.Equal(got, img) {
			t.Fatalf("status %d, %d bytes", res.StatusCode, len(got))
		}
		h := res.Header
		for k, want := range map[string]string{
			"Content-Type": "image/png", "Content-Disposition": `inline; filename=` + cover,
			"Cache-Control": "max-age=2592000, stale-while-revalidate=86400", "X-Frame-Options": "",
			"Content-Security-Policy": "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
		} {
			if h.Get(k) != want {
				t.Errorf("%s = %q, want %q", k, h.Get(k), want)
			}
		}
	})
	t.Run("other types and download=1 as attachments", func(t *testing.T) {
		res, got := ta.get(base+paper, nil)
		if string(got) != "hello, world" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("%q %v", got, res.Header)
		}
		res, _ = ta.get(base+cover+"?download=1", nil)
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
		}
	})
	t.Run("ranges", func(t *testing.T) {
		res, got := ta.get(base+paper, http.Header{"Range": {"bytes=7-11"}})
		if res.StatusCode != http.StatusPartialContent || string(got) != "world" {
			t.Fatalf("status %d, %q", res.StatusCode, got)
		}
	})
	t.Run("thumbs: 100x100 and listed sizes; other sizes serve the original", func(t *testing.T) {
		for size, want := range map[string][2]int{"100x100": {100, 100}, "20x10": {20, 10}, "30x30": {40, 40}} {
			res, got := ta.get(base+cover+"?thumb="+size, nil)
			cfg, err := png.DecodeConfig(bytes.NewReader(got))
			if res.StatusCode != 200 || err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
				t.Errorf("thumb %s: status %d, %dx%d (%v)", size, res.StatusCode, cfg.Width, cfg.Height, err)
			}
		}
		if res, got := ta.get(base+paper+"?thumb=100x100", nil); string(got) != "hello, world" {
			t.Errorf("a thumb of a text file: status %d, %q", res.StatusCode, got)
		}
	})
	t.Run("404s", func(t *testing.T) {
		for _, path := range []string{base + "nope.png", "/api/files/docs/missing/" + cover, "/api/files/nope/" + id + "/" + cover, base + "..%2Fdata.db"} {
			status, body := ta.do("GET", path, "", nil)
			mustStatus(t, path, status, http.StatusNotFound, body)
		}
	})
}

func TestFiles_ProtectedNeedAFileToken(t *testing.T) {
	ta := newTestAPI(t)
	ta.createDocs("@request.auth.id != ''")
	status, body := ta.do("POST", "/api/files/token", "", nil)
	mustStatus(t, "guest token", status, http.StatusUnauthorized, body)

	status, body = ta.sendMultipart("POST", "/api/collections/docs/records", ta.suTok, part{key: "secret", name: "s.txt", value: "classified"})
	mustStatus(t, "create", status, http.StatusOK, body)
	path := "/api/files/docs/" + dig(body, "id").(string) + "/" + dig(body, "secret").(string)

	status, body = ta.do("GET", path, "", nil)
	mustStatus(t, "no token", status, http.StatusNotFound, body)
	status, body = ta.do("GET", path, ta.userToken(), nil)
	mustStatus(t, "an auth header is no file token", status, http.StatusNotFound, body)

	status, body = ta.do("POST", "/api/files/token", ta.userToken(), nil)
	mustStatus(t, "user token", status, http.StatusOK, body)
	res, got := ta.get(path+"?token="+dig(body, "token").(string), nil)
	if res.StatusCode != 200 || string(got) != "classified" {
		t.Fatalf("with a token: %d %q", res.StatusCode, got)
	}
	res, _ = ta.get(path+"?token=garbage", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a bad token: %d", res.StatusCode)
	}
}

func TestFiles_BatchUploads(t *testing.T) {
	ta := newTestAPI(t)
	ta.createDocs("")
	ta.enableBatch(10)
	payload := `{"requests":[
		{"method":"POST","url":"/api/collections/docs/records","body":{"id":"doc000000000001","title":"one"}},
		{"method":"PATCH","url":"/api/collections/docs/records/doc000000000001","body":{"title":"two"}}]}`
	status, body := ta.sendMultipart("POST", "/api/batch", "",
		part{key: "@jsonPayload", value: payload},
		part{key: "requests.0.papers", name: "a.txt", value: "a"},
		part{key: "requests[1].papers+", name: "b.txt", value: "b"})
	mustStatus(t, "batch", status, http.StatusOK, body)
	papers, _ := dig(body, "1", "body", "papers").([]any)
	if len(papers) != 2 || dig(body, "1", "body", "title") != "two" {
		t.Fatalf("got %s", jsonText(body))
	}
	for i, want := range []string{"a", "b"} {
		res, got := ta.get(fmt.Sprintf("/api/files/docs/doc000000000001/%s", papers[i]), nil)
		if res.StatusCode != 200 || string(got) != want {
			t.Fatalf("file %d: %d %q", i, res.StatusCode, got)
		}
	}

	failing := `{"requests":[
		{"method":"POST","url":"/api/collections/docs/records","body":{"id":"doc000000000002"}},
		{"method":"POST","url":"/api/collections/docs/records","body":{"id":"doc000000000001"}}]}`
	status, body = ta.sendMultipart("POST", "/api/batch", "",
		part{key: "@jsonPayload", value: failing}, part{key: "requests.0.cover", name: "c.txt", value: "c"})
	mustStatus(t, "a failing batch", status, http.StatusBadRequest, body)
	status, _ = ta.do("GET", "/api/collections/docs/records/doc000000000002", "", nil)
	mustStatus(t, "rolled back", status, http.StatusNotFound, nil)
}
