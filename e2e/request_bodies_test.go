package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// trickle opens a connection to s, sends head (request line and headers)
// and then body one byte every 100 ms, and returns the answer. It fails
// the test when none comes within 20 s (the server is run with a 1 s read
// timeout) or when the server keeps the connection open after it.
func trickle(t *testing.T, s *Server, head string, body []byte) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(100 * time.Millisecond) // the pace of a slow client, not a wait
		defer tick.Stop()
		for _, b := range body {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if _, err := c.Write([]byte{b}); err != nil {
				return // closed by the server
			}
		}
	}()
	_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to a body trickling in: %v", err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if _, err := br.ReadByte(); err == nil || isTimeout(err) {
		t.Fatalf("the connection stayed open after %d (%v)", res.StatusCode, err)
	}
	return res.StatusCode, string(raw)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// A body that trickles in, or stalls, is answered 408 and its connection
// closed once the read timeout passes (1 s here), for REST and GraphQL,
// JSON, chunked and multipart bodies.
func TestBodies_SlowBodyTimesOut(t *testing.T) {
	s := StartServer(t, "--read-timeout", "1s")
	s.MustDo(t, 200, "POST", "/api/collections", s.AdminToken(t), `{"name":"posts","createRule":"","fields":[
		{"name":"title","type":"text"},{"name":"doc","type":"file","maxSelect":1}]}`)
	slow := bytes.Repeat([]byte("a"), 1000) // 100 s at the client's pace
	t.Run("REST JSON body", func(t *testing.T) {
		status, body := trickle(t, s, "POST /api/collections/posts/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1002\r\n\r\n",
			append([]byte(`{"title":"`), slow...))
		if status != http.StatusRequestTimeout || !strings.Contains(body, `"status":408`) {
			t.Fatalf("%d %s", status, body)
		}
	})
	t.Run("REST multipart upload", func(t *testing.T) {
		head := "POST /api/collections/posts/records HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 5000\r\n\r\n"
		part := "--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\r\n"
		if status, body := trickle(t, s, head+part, slow); status != http.StatusRequestTimeout {
			t.Fatalf("%d %s", status, body)
		}
	})
	t.Run("GraphQL chunked body", func(t *testing.T) {
		head := "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
		status, body := trickle(t, s, head, bytes.Repeat([]byte("1\r\n \r\n"), 200))
		if r := decodeGQL(t, status, body); status != http.StatusRequestTimeout || r.code() != "REQUEST_TIMEOUT" {
			t.Fatalf("%d %s", status, body)
		}
	})
}

// The read timeout ends with the body: a GraphQL SSE subscription, whose
// request has a body, keeps streaming past it, and a websocket stays open.
func TestBodies_StreamsOutliveTheReadTimeout(t *testing.T) {
	s := StartServer(t, "--read-timeout", "1s")
	s.MustDo(t, 200, "POST", "/api/collections", s.AdminToken(t), `{"name":"posts","listRule":"","viewRule":"","createRule":"","fields":[{"name":"title","type":"text"}]}`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql",
		strings.NewReader(`{"query":"subscription { postsEvents { action record { title } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	if !lines.Scan() || lines.Text() != ":" {
		t.Fatalf("stream did not start: %d %q", res.StatusCode, lines.Text())
	}
	ws := s.DialGQL(t, "graphql-transport-ws", nil)
	<-time.After(2 * time.Second) // the read timeout must pass with the streams open
	if d := ws.Do(`{ posts { id } }`, nil); d["errors"] != nil {
		t.Fatalf("websocket after the read timeout: %s", asJSON(d))
	}
	s.MustDo(t, 200, "POST", "/api/collections/posts/records", "", map[string]any{"title": "after the timeout"})
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "data:") {
			if !strings.Contains(lines.Text(), "after the timeout") {
				t.Fatalf("event %s", lines.Text())
			}
			return
		}
	}
	t.Fatalf("the stream ended before the event: %v", lines.Err())
}

// zeros is an endless source of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// streamUpload posts a multipart body, values then a size-byte file under
// key, of unknown length (chunked), generated as it is sent.
func streamUpload(s *Server, path string, values []formPart, key string, size int64) (Response, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, v := range values {
			_ = mw.WriteField(v.key, string(v.content))
		}
		w, _ := mw.CreateFormFile(key, "big.bin")
		if _, err := io.Copy(w, io.LimitReader(zeros{}, size)); err != nil {
			pw.CloseWithError(err)
			return
		}
		pw.CloseWithError(mw.Close())
	}()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	pr.CloseWithError(io.ErrClosedPipe) // the writer stops when the server answered early
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Body: string(raw)}, nil
}

// Four concurrent 100 MiB uploads to a field of 8 MiB are each refused as
// soon as the file passes 8 MiB (400 validation_file_size_limit, as
// PocketBase answers), and the server's memory hardly grows: files are
// spooled to disk, not buffered (ParseMultipartForm held up to 64 MiB of
// each). The same holds for GraphQL, whose files stop at the largest
// maxSize of any field (413 BODY_TOO_LARGE).
func TestBodies_UploadsStopAtTheFieldLimitWithBoundedMemory(t *testing.T) {
	s := StartServer(t)
	s.MustDo(t, 200, "POST", "/api/collections", s.AdminToken(t), `{"name":"docs","createRule":"","fields":[
		{"name":"title","type":"text"},{"name":"doc","type":"file","maxSelect":1,"maxSize":8388608}]}`)
	if res := s.DoMultipart(t, "POST", "/api/collections/docs/records", "", formFile("doc", "a.txt", bytes.Repeat([]byte("a"), 2<<20))); res.Status != 200 {
		t.Fatalf("a 2 MiB upload: %d %s", res.Status, res.Body)
	}
	before := s.peakRSS(t)
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Go(func() {
			path, key, values := "/api/collections/docs/records", "doc", []formPart{formValue("title", "big")}
			if i >= 4 {
				path, key, values = "/graphql", "0", []formPart{
					formValue("operations", `{"query":"mutation($f: Upload!) { insertDocsOne(object: {doc: $f}) { id } }","variables":{"f":null}}`),
					formValue("map", `{"0":["variables.f"]}`)}
			}
			res, err := streamUpload(s, path, values, key, 100<<20)
			results[i] = fmt.Sprintf("%d %s %v", res.Status, res.Body, err)
		})
		if i == 3 {
			wg.Wait() // REST first, then GraphQL: four at a time
		}
	}
	wg.Wait()
	grew := s.peakRSS(t) - before
	t.Logf("peak RSS %d MiB before, grew %d MiB", before>>20, grew>>20)
	for i, r := range results {
		want := `400 {"status":400,"message":"Failed to create record.","data":{"doc":{"code":"validation_file_size_limit"`
		if i >= 4 {
			want = `413 {"errors":[{"message":"the file part \"0\" is larger than 8388608 bytes`
		}
		if !strings.HasPrefix(r, want) {
			t.Errorf("upload %d: %.300s", i, r)
		}
	}
	if grew > 48<<20 {
		t.Errorf("peak RSS grew by %d MiB for four concurrent refused uploads", grew>>20)
	}
}

// A GraphQL body over the limit is 413 BODY_TOO_LARGE whether its length
// is announced or chunked (it was 200 with an uncoded error).
func TestGraphQL_ChunkedBodyOverLimitIs413(t *testing.T) {
	s := StartServer(t)
	body := `{"query":"{ __typename }` + strings.Repeat(" ", 2<<20) + `"}`
	for _, chunked := range []bool{false, true} {
		var rd io.Reader = strings.NewReader(body)
		if chunked {
			rd = struct{ io.Reader }{rd} // hides the length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", rd)
		req.Header.Set("Content-Type", "application/json")
		res := send(t, req)
		if r := decodeGQL(t, res.Status, res.Body); res.Status != http.StatusRequestEntityTooLarge || r.code() != "BODY_TOO_LARGE" {
			t.Errorf("chunked %v: %d %s", chunked, res.Status, res.Body)
		}
	}
}

// Requests the GraphQL transports cannot take answer a status, an
// extensions.code and a message that neither echoes the body nor names Go
// types.
func TestGraphQL_TransportErrorsAreCoded(t *testing.T) {
	s := StartServer(t)
	const secret = "s3cr3t-body-text"
	multipartOps := func(parts ...formPart) (string, string) {
		body, ctype := multipartBody(parts)
		raw, _ := io.ReadAll(body)
		return string(raw), ctype
	}
	mpNoMap, mpNoMapType := multipartOps(formValue("operations", `{"query":"{ __typename }"}`))
	mpBadPath, mpBadPathType := multipartOps(formValue("operations", `{"query":"mutation($f: Upload) { __typename }","variables":{}}`),
		formValue("map", `{"0":["variables.a.b"]}`), formFile("0", "a.txt", []byte("x")))
	cases := []struct {
		name, method, path, ctype, accept, body string
		status                                  int
	}{
		{"invalid JSON", "POST", "/graphql", "application/json", "", `{"query": "` + secret, 400},
		{"query not a string", "POST", "/graphql", "application/json", "", `{"query": 5, "x": "` + secret + `"}`, 400},
		{"body not an object", "POST", "/graphql", "application/json", "", `["` + secret + `"]`, 400},
		{"unsupported content type", "POST", "/graphql", "text/plain", "", `{"query":"{ __typename }"}`, 415},
		{"unsupported method", "PUT", "/graphql", "application/json", "", `{"query":"{ __typename }"}`, 405},
		{"mutation over GET", "GET", "/graphql?query=" + url.QueryEscape(`mutation { __typename }`), "", "", "", 405},
		{"GET variables not JSON", "GET", "/graphql?query=" + url.QueryEscape(`{ __typename }`) + "&variables=" + url.QueryEscape(`{"`+secret), "", "", "", 400},
		{"SSE body not JSON", "POST", "/graphql", "application/json", "text/event-stream", `{"query": "` + secret, 400},
		{"multipart without map", "POST", "/graphql", mpNoMapType, "", mpNoMap, 400},
		{"multipart map path to no variable", "POST", "/graphql", mpBadPathType, "", mpBadPath, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rd io.Reader
			if c.body != "" {
				rd = strings.NewReader(c.body)
			}
			req, _ := http.NewRequest(c.method, s.URL+c.path, rd)
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			if c.accept != "" {
				req.Header.Set("Accept", c.accept)
			}
			res := send(t, req)
			r := decodeGQL(t, res.Status, res.Body)
			if res.Status != c.status || r.code() != "BAD_REQUEST" {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
			for _, leak := range []string{secret, "Go ", "RawParams", "json:", "struct", "body:"} {
				if strings.Contains(res.Body, leak) {
					t.Fatalf("the message shows %q: %s", leak, res.Body)
				}
			}
		})
	}
	t.Run("websocket subscribe payload", func(t *testing.T) {
		w := s.DialGQL(t, "graphql-transport-ws", nil)
		w.send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": 5}})
		m := w.read()
		if m["type"] != "error" || !strings.Contains(asJSON(m), `"code":"BAD_REQUEST"`) {
			t.Fatalf("%s", asJSON(m))
		}
	})
}
