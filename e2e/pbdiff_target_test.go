package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// pbTarget is a server the corpus runs against: the real PocketBase when
// recording, a fresh monobase when comparing. Both get the same fixture
// and the same requests in the same order.
type pbTarget struct {
	URL    string
	tokens map[string]string // identity -> token ("guest" has none)
}

// pbTokenRef in a header value stands for an identity's token: {token alice}.
var pbTokenRef = regexp.MustCompile(`\{token (\w+)\}`)

// pbFixture is e2e/pbdiff/fixture.json.
type pbFixture struct {
	Collections []map[string]any `json:"collections"`
	Records     []struct {
		Collection string         `json:"collection"`
		Data       map[string]any `json:"data"`
		Files      map[string][]struct {
			Name    string `json:"name"`
			Content string `json:"content"`
		} `json:"files"`
	} `json:"records"`
	Identities map[string]struct {
		Collection string `json:"collection"`
		Identity   string `json:"identity"`
		Password   string `json:"password"`
	} `json:"identities"`
}

func loadFixture(t testing.TB, path string) pbFixture {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fx pbFixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fx
}

// setUp signs the superuser in, creates the fixture's collections and
// records, and signs each fixture identity in.
func (tg *pbTarget) setUp(t testing.TB, fx pbFixture, email, password string) {
	t.Helper()
	tg.tokens = map[string]string{"superuser": tg.login(t, "_superusers", email, password)}
	su := tg.tokens["superuser"]
	for _, c := range fx.Collections {
		raw, _ := json.Marshal(c)
		res := tg.send(t, "POST", "/api/collections", su, "application/json", bytes.NewReader(raw))
		if res.Status != http.StatusOK {
			t.Fatalf("create collection %v: %d %s", c["name"], res.Status, res.Body)
		}
	}
	for _, r := range fx.Records {
		// one @jsonPayload part keeps the JSON types of the data exactly
		data, _ := json.Marshal(r.Data)
		parts := []formPart{formValue("@jsonPayload", string(data))}
		for field, files := range r.Files {
			for _, f := range files {
				parts = append(parts, formFile(field, f.Name, []byte(f.Content)))
			}
		}
		body, ctype := multipartBody(parts)
		res := tg.send(t, "POST", "/api/collections/"+r.Collection+"/records", su, ctype, body)
		if res.Status != http.StatusOK {
			t.Fatalf("create %s record %v: %d %s", r.Collection, r.Data["id"], res.Status, res.Body)
		}
	}
	for name, id := range fx.Identities {
		tg.tokens[name] = tg.login(t, id.Collection, id.Identity, id.Password)
	}
}

func (tg *pbTarget) login(t testing.TB, collection, identity, password string) string {
	t.Helper()
	raw, _ := json.Marshal(map[string]string{"identity": identity, "password": password})
	res := tg.send(t, "POST", "/api/collections/"+collection+"/auth-with-password", "", "application/json", bytes.NewReader(raw))
	var out struct{ Token string }
	if res.Status != http.StatusOK || json.Unmarshal([]byte(res.Body), &out) != nil || out.Token == "" {
		t.Fatalf("sign in %s as %s: %d %s", collection, identity, res.Status, res.Body)
	}
	return out.Token
}

func (tg *pbTarget) send(t testing.TB, method, target, token, ctype string, body io.Reader) Response {
	t.Helper()
	req, err := http.NewRequest(method, tg.URL+target, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return send(t, req)
}

// run sends one case and returns the answer.
func (tg *pbTarget) run(t testing.TB, c pbCase) Response {
	t.Helper()
	token, ok := tg.tokens[c.As]
	switch {
	case c.As == "guest":
	case strings.HasPrefix(c.As, "token "):
		token = strings.TrimPrefix(c.As, "token ")
	case !ok:
		t.Fatalf("case %s: unknown identity %q", c.Name, c.As)
	}
	body, ctype, err := c.encodeBody()
	if err != nil {
		t.Fatalf("case %s: %v", c.Name, err)
	}
	req, err := http.NewRequest(c.Method, tg.URL+c.Target, body)
	if err != nil {
		t.Fatalf("case %s: %v", c.Name, err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	for _, h := range c.Headers {
		req.Header.Set(h[0], pbTokenRef.ReplaceAllStringFunc(h[1], func(ref string) string {
			return tg.tokens[pbTokenRef.FindStringSubmatch(ref)[1]]
		}))
	}
	return send(t, req)
}

// encodeBody builds the request body of a case and its content type.
func (c pbCase) encodeBody() (io.Reader, string, error) {
	switch c.BodyKind {
	case "":
		return nil, "", nil
	case "json":
		return strings.NewReader(c.Body), "application/json", nil
	case "raw":
		return strings.NewReader(c.Body), c.ContentType, nil
	case "form":
		var vals []string
		for _, line := range strings.Split(c.Body, "\n") {
			k, v, _ := strings.Cut(line, "=")
			vals = append(vals, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
		return strings.NewReader(strings.Join(vals, "&")), "application/x-www-form-urlencoded", nil
	case "multipart":
		var parts []formPart
		for _, line := range strings.Split(c.Body, "\n") {
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				return nil, "", fmt.Errorf("multipart line %q: want key=value or key@file.name=content", line)
			}
			if field, name, isFile := strings.Cut(k, "@"); isFile && field != "" {
				parts = append(parts, formFile(field, name, []byte(v)))
				continue
			}
			parts = append(parts, formValue(k, v))
		}
		body, ctype := multipartBody(parts)
		return body, ctype, nil
	}
	return nil, "", fmt.Errorf("unknown body kind %q", c.BodyKind)
}
