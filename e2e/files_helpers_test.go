package e2e

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// formPart is one part of a multipart body: a value, or a file when
// filename is set.
type formPart struct {
	key, filename string
	content       []byte
}

func formValue(key, v string) formPart { return formPart{key: key, content: []byte(v)} }
func formFile(key, name string, content []byte) formPart {
	return formPart{key: key, filename: name, content: content}
}
func multipartBody(parts []formPart) (io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		if p.filename == "" {
			_ = mw.WriteField(p.key, string(p.content))
			continue
		}
		w, _ := mw.CreateFormFile(p.key, p.filename)
		_, _ = w.Write(p.content)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

// DoMultipart sends a multipart/form-data request.
func (s *Server) DoMultipart(t testing.TB, method, path, token string, parts ...formPart) Response {
	t.Helper()
	body, ctype := multipartBody(parts)
	req, _ := http.NewRequest(method, s.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return send(t, req)
}

// GQLUpload sends a GraphQL multipart request (the spec's operations, map
// and one part per file): uploads maps a variable path such as
// "variables.cover" or "variables.files.1" to the file to send there.
func (s *Server) GQLUpload(t testing.TB, token, query string, vars map[string]any, uploads map[string]formPart) gqlResult {
	t.Helper()
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	parts := []formPart{formValue("operations", string(ops))}
	mapping := map[string][]string{}
	var files []formPart
	i := 0
	for path, f := range uploads {
		key := string(rune('0' + i))
		mapping[key] = []string{path}
		files = append(files, formFile(key, f.filename, f.content))
		i++
	}
	m, _ := json.Marshal(mapping)
	parts = append(parts, formValue("map", string(m)))
	res := s.DoMultipart(t, http.MethodPost, "/graphql", token, append(parts, files...)...)
	return decodeGQL(t, res.Status, res.Body)
}

// Get fetches a path (with an optional Range) and returns the raw answer.
func (s *Server) Get(t testing.TB, path string, header http.Header) Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	return send(t, req)
}

func send(t testing.TB, req *http.Request) Response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// testPNG encodes a w×h PNG with a gradient, so it is a real image with
// content to compare byte for byte.
func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 128, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storedFiles lists the files (not folders) stored for a record.
func (s *Server) storedFiles(t testing.TB, collectionID, recordID string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.Dir, "storage", collectionID, recordID))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}
