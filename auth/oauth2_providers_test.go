package auth

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.json of testdata/oauth2/*.txtar")

// mappingCase is one testdata/oauth2/*.txtar: a provider's documented
// answers (user.json, and emails.json / token.json when the provider
// reads them) and the user they must map to (want.json; {"error": text}
// for a refused account). request.txt lists what the user-info request
// must carry: "Method: POST", "Body: <substring>", or "<Header>: <value>".
type mappingCase struct {
	provider string
	files    map[string][]byte
}

func readMappingCase(t *testing.T, path string) (*txtar.Archive, mappingCase) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mc := mappingCase{files: map[string][]byte{}}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "provider: "); ok {
			mc.provider = strings.TrimSpace(v)
		}
	}
	for _, f := range ar.Files {
		mc.files[f.Name] = f.Data
	}
	return ar, mc
}

func decodeFile(t *testing.T, data []byte) any {
	t.Helper()
	if data == nil {
		return nil
	}
	var v any
	if err := decodeJSON(data, &v, "fixture"); err != nil { // numbers keep their digits
		t.Fatal(err)
	}
	return v
}

func TestOAuth2Providers_MapDocumentedAnswers(t *testing.T) {
	reg := DefaultOAuth2Registry()
	paths, _ := filepath.Glob("testdata/oauth2/*.txtar")
	covered := map[string]bool{}
	for _, path := range paths {
		ar, mc := readMappingCase(t, path)
		covered[mc.provider] = true
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			answers := map[string]any{"/user": decodeFile(t, mc.files["user.json"])}
			if emails := decodeFile(t, mc.files["emails.json"]); emails != nil {
				answers["/user/emails"], answers["/emails"] = emails, emails
			}
			def := reg.Lookup(mc.provider)
			verifier := ""
			if def.PKCE {
				verifier = "the-verifier"
			}
			fp := newFakeProvider(t, verifier, answers)
			if extra, ok := decodeFile(t, mc.files["token.json"]).(map[string]any); ok {
				fp.tokenExtra = extra
			}
			u, err := signIn(t, mustClient(t, reg, fp.config(mc.provider)), "good-code", verifier)
			got := map[string]any{}
			if err != nil {
				got["error"] = err.Error()
			} else {
				got = map[string]any{"id": u.ID, "name": u.Name, "username": u.Username, "email": u.Email, "avatarURL": u.AvatarURL}
			}
			want, _ := decodeFile(t, mc.files["want.json"]).(map[string]any)
			checkMapping(t, path, ar, got, want, u)
			checkRequest(t, fp.request("/user"), string(mc.files["request.txt"]))
		})
	}
	for _, d := range reg.Definitions() {
		if !covered[d.Name] && d.IDToken == nil {
			t.Errorf("%s has no documented answer in testdata/oauth2", d.Name)
		}
	}
}

func checkMapping(t *testing.T, path string, ar *txtar.Archive, got, want map[string]any, u *OAuth2User) {
	t.Helper()
	if msg, ok := want["error"].(string); ok {
		if e, _ := got["error"].(string); !strings.Contains(e, msg) {
			t.Fatalf("want an error with %q, got %v", msg, got)
		}
		return
	}
	rawWant, _ := want["rawUser"].(map[string]any)
	delete(want, "rawUser")
	if *update && got["error"] == nil {
		for i, f := range ar.Files {
			if f.Name == "want.json" {
				out, _ := json.MarshalIndent(got, "", " ")
				ar.Files[i].Data = append(out, '\n')
			}
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("mapped\n got %v\nwant %v", got, want)
	}
	for k, v := range rawWant {
		if u.RawUser[k] != v {
			t.Errorf("rawUser[%s] = %v, want %v", k, u.RawUser[k], v)
		}
	}
	if u.AccessToken != "at-1" || u.RefreshToken != "rt-1" || u.Expiry.IsZero() {
		t.Errorf("tokens %q %q %v", u.AccessToken, u.RefreshToken, u.Expiry)
	}
}

func checkRequest(t *testing.T, r recorded, spec string) {
	t.Helper()
	if r.method == "" {
		t.Fatal("the user-info endpoint was not called")
	}
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		key, value, ok := strings.Cut(line, ": ")
		switch {
		case !ok:
		case key == "Method":
			if r.method != value {
				t.Errorf("method %s, want %s", r.method, value)
			}
		case key == "Body":
			if !strings.Contains(r.body, value) {
				t.Errorf("body %s lacks %q", r.body, value)
			}
		default:
			if got := r.header.Get(key); got != value {
				t.Errorf("header %s = %q, want %q", key, got, value)
			}
		}
	}
}
