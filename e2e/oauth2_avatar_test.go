package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOAuth2_AvatarIntoAFileField: a sign-up downloads the provider's
// avatar into the file field mappedFields.avatarURL names, within the
// field's size and type limits; an avatar it cannot have (too large, of a
// refused type, on another private host) leaves the field empty, says why
// in the log and stores nothing.
func TestOAuth2_AvatarIntoAFileField(t *testing.T) {
	e := newOAuth2Env(t)
	f := e.fake
	col := map[string]any{}
	e.s.MustDo(t, 200, "POST", "/api/collections", e.su, map[string]any{
		"name": "people", "type": "auth", "createRule": "", "viewRule": "id = @request.auth.id",
		"fields": []any{map[string]any{"name": "avatar", "type": "file", "maxSelect": 1, "maxSize": 4000, "mimeTypes": []any{"image/png"}}},
		"oauth2": map[string]any{"enabled": true, "providers": []any{f.Provider("gitlab")}, "mappedFields": map[string]any{"avatarURL": "avatar"}},
	}).Decode(t, &col)
	small := testPNG(t, 8, 8)
	if len(small) > 4000 {
		t.Fatalf("the small PNG is %d bytes", len(small))
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(small) }))
	t.Cleanup(other.Close)
	user := func(id int, avatarURL string) map[string]any {
		u := gitlabUser(id, fmt.Sprintf("p%d@example.com", id))
		u["avatar_url"] = avatarURL
		return u
	}
	signUp := func(t *testing.T, u map[string]any) map[string]any {
		t.Helper()
		var out oauth2Auth
		e.s.MustDo(t, 200, "POST", "/api/collections/people/auth-with-oauth2", "", e.grantAs(t, "people", fakeGrant{user: u})).Decode(t, &out)
		return out.Record
	}

	t.Run("a PNG within the limits is stored in the field", func(t *testing.T) {
		rec := signUp(t, user(1, f.Serve("ada.png", small)))
		name, _ := rec["avatar"].(string)
		if !strings.HasPrefix(name, "ada_") || !strings.HasSuffix(name, ".png") {
			t.Fatalf("record %v", rec)
		}
		got := e.s.MustDo(t, 200, "GET", "/api/files/people/"+rec["id"].(string)+"/"+name, "", nil)
		if !bytes.Equal([]byte(got.Body), small) {
			t.Fatal("the stored avatar is not the provider's")
		}
	})
	t.Run("through GraphQL too", func(t *testing.T) {
		body := e.grantAs(t, "people", fakeGrant{user: user(2, f.Serve("gql.png", small))})
		data := e.s.GQLOK(t, "", `mutation($code: String!, $v: String) {
		  peopleAuthWithOauth2(provider: "gitlab", code: $code, codeVerifier: $v, redirectURL: "http://127.0.0.1/cb") { record { id avatar { name } } } }`,
			map[string]any{"code": body["code"], "v": body["codeVerifier"]})
		id, _ := pick(data, "peopleAuthWithOauth2", "record", "id").(string)
		name, _ := pick(data, "peopleAuthWithOauth2", "record", "avatar", "name").(string)
		if files := e.s.storedFiles(t, col["id"].(string), id); !strings.HasPrefix(name, "gql_") || len(files) != 1 || files[0] != name {
			t.Fatalf("graphql sign-up: %v, stored %v", data, files)
		}
	})
	for _, tc := range []struct{ name, url, log string }{
		{"larger than the field's maxSize", f.Serve("big.png", append(testPNG(t, 8, 8), make([]byte, 5000)...)), "larger than the field allows"},
		{"of a type the field refuses", f.Serve("notes.png", []byte("plain text, not an image")), "refused by its file field"},
		{"on another private host", other.URL + "/x.png", "not a public address"},
		{"missing", f.URL + "/files/nope.png", "status 404"},
	} {
		t.Run("an avatar "+tc.name+" is left out", func(t *testing.T) {
			rec := signUp(t, user(100+len(tc.name), tc.url))
			if rec["avatar"] != "" {
				t.Fatalf("record %v", rec)
			}
			if files := e.s.storedFiles(t, col["id"].(string), rec["id"].(string)); len(files) != 0 {
				t.Fatalf("stored %v", files)
			}
			e.s.WaitOutput(t, tc.log, 10*time.Second)
		})
	}
	t.Run("an avatar staged for an existing record is not kept", func(t *testing.T) {
		e.s.MustDo(t, 200, "POST", "/api/collections/people/records", "", map[string]any{
			"email": "early@example.com", "password": "early-password", "passwordConfirm": "early-password"})
		u := user(300, f.Serve("early.png", small))
		u["email"] = "early@example.com"
		rec := signUp(t, u)
		if rec["avatar"] != "" || rec["email"] != "early@example.com" {
			t.Fatalf("record %v", rec)
		}
		entries, _ := os.ReadDir(filepath.Join(e.s.Dir, "storage", col["id"].(string)))
		withAvatar := recordsWithAvatar(t, e)
		for _, d := range entries {
			if files := e.s.storedFiles(t, col["id"].(string), d.Name()); !withAvatar[d.Name()] && len(files) > 0 {
				t.Fatalf("a staged avatar was left in %s: %v", d.Name(), files)
			}
		}
	})
}

// recordsWithAvatar are the ids of the people records with an avatar.
func recordsWithAvatar(t *testing.T, e *oauth2Env) map[string]bool {
	t.Helper()
	var list struct{ Items []map[string]any }
	e.s.MustDo(t, 200, "GET", `/api/collections/people/records?perPage=100&filter=avatar!=""`, e.su, nil).Decode(t, &list)
	ids := map[string]bool{}
	for _, r := range list.Items {
		ids[r["id"].(string)] = true
	}
	if len(ids) != 2 {
		t.Fatalf("records with an avatar: %v", list.Items)
	}
	return ids
}
