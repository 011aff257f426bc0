package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// victimID is the id of the record an attacker tries to pass for: ids are
// public (every relation field carries them).
const victimID = "victimvictim001"

// authIDCollections creates two auth collections anyone may sign up to
// (users, guests) and a victim in users.
func authIDCollections(t *testing.T, s *Server) {
	t.Helper()
	su := s.AdminToken(t)
	s.DropDefaultUsers(t)
	self := `"id = @request.auth.id"`
	for _, name := range []string{"users", "guests"} {
		s.MustDo(t, 200, http.MethodPost, "/api/collections", su, `{"name":"`+name+`","type":"auth","createRule":"",
			"listRule":`+self+`,"viewRule":`+self+`,"updateRule":`+self+`,"fields":[{"name":"name","type":"text"}]}`)
	}
	s.MustDo(t, 200, http.MethodPost, "/api/collections/users/records", "", map[string]any{
		"id": victimID, "email": "victim@example.com", "password": "victim-password", "passwordConfirm": "victim-password", "name": "Victim"})
}

// signUp is the body of an auth record create with the given id.
func signUp(id, email string) map[string]any {
	return map[string]any{"id": id, "email": email, "password": "attacker-password", "passwordConfirm": "attacker-password"}
}

// invalidAuthID is PocketBase's answer to an auth record id that another
// auth collection already holds.
const invalidAuthID = `"id":{"code":"validation_invalid_auth_id","message":"Invalid or duplicated auth record id."}`

// gqlFieldCode is extensions.fields.<field>.code of r's first error.
func gqlFieldCode(r gqlResult, field string) string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := pick(map[string]any(r.Errors[0]), "extensions", "fields", field, "code").(string)
	return code
}

func TestAuthID_SignUpWithAnotherCollectionsIDIsRefused(t *testing.T) {
	s := StartServer(t)
	authIDCollections(t, s)
	su := s.AdminToken(t)
	superuserID := recordID(t, s, su)

	t.Run("REST create with a user's id", func(t *testing.T) {
		res := s.MustDo(t, 400, http.MethodPost, "/api/collections/guests/records", "", signUp(victimID, "attacker@example.com"))
		if !strings.Contains(res.Body, invalidAuthID) || !strings.Contains(res.Body, `"message":"Failed to create record."`) {
			t.Fatalf("body %s", res.Body)
		}
	})
	t.Run("REST create with a superuser's id", func(t *testing.T) {
		res := s.MustDo(t, 400, http.MethodPost, "/api/collections/guests/records", "", signUp(superuserID, "attacker2@example.com"))
		if !strings.Contains(res.Body, invalidAuthID) {
			t.Fatalf("body %s", res.Body)
		}
	})
	t.Run("a superuser is refused too", func(t *testing.T) {
		res := s.MustDo(t, 400, http.MethodPost, "/api/collections/guests/records", su, signUp(victimID, "attacker3@example.com"))
		if !strings.Contains(res.Body, invalidAuthID) {
			t.Fatalf("body %s", res.Body)
		}
	})
	t.Run("the createRule answers first, as in PocketBase", func(t *testing.T) {
		s.MustDo(t, 200, http.MethodPatch, "/api/collections/guests", su, `{"createRule":"email = 'ok@example.com'"}`)
		defer s.MustDo(t, 200, http.MethodPatch, "/api/collections/guests", su, `{"createRule":""}`)
		res := s.MustDo(t, 400, http.MethodPost, "/api/collections/guests/records", "", signUp(victimID, "no@example.com"))
		if strings.Contains(res.Body, "validation_invalid_auth_id") {
			t.Fatalf("a caller the createRule refuses learns the id is taken: %s", res.Body)
		}
	})
	t.Run("batch create and upsert", func(t *testing.T) {
		s.MustDo(t, 200, http.MethodPatch, "/api/settings", su, `{"batch":{"enabled":true,"maxRequests":10}}`)
		for _, method := range []string{http.MethodPost, http.MethodPut} {
			res := s.MustDo(t, 400, http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
				map[string]any{"method": method, "url": "/api/collections/guests/records", "body": signUp(victimID, "batch-"+method+"@example.com")},
			}})
			if !strings.Contains(res.Body, `"code":"batch_request_failed"`) || !strings.Contains(res.Body, invalidAuthID) {
				t.Fatalf("%s: body %s", method, res.Body)
			}
		}
	})
	t.Run("two creates of one batch", func(t *testing.T) {
		// the second create sees the first, uncommitted, in the same transaction
		res := s.MustDo(t, 400, http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
			map[string]any{"method": http.MethodPost, "url": "/api/collections/users/records", "body": signUp("samebatch000001", "batch-user@example.com")},
			map[string]any{"method": http.MethodPost, "url": "/api/collections/guests/records", "body": signUp("samebatch000001", "batch-guest@example.com")},
		}})
		if !strings.Contains(res.Body, `"1":{"code":"batch_request_failed"`) || !strings.Contains(res.Body, invalidAuthID) {
			t.Fatalf("one batch: body %s", res.Body)
		}
		s.MustDo(t, 404, http.MethodGet, "/api/collections/users/records/samebatch000001", su, nil)
	})
	t.Run("GraphQL insertGuestsOne and insertGuests", func(t *testing.T) {
		vars := map[string]any{"id": victimID}
		one := s.GQL(t, "", `mutation($id: ID!) { insertGuestsOne(object: {id: $id, email: "a1@example.com", password: "attacker-password", passwordConfirm: "attacker-password"}) { id } }`, vars)
		many := s.GQL(t, "", `mutation($id: ID!) { insertGuests(objects: [{id: $id, email: "a2@example.com", password: "attacker-password", passwordConfirm: "attacker-password"}]) { id } }`, vars)
		for name, r := range map[string]gqlResult{"insertGuestsOne": one, "insertGuests": many} {
			if r.code() != "BAD_USER_INPUT" || gqlFieldCode(r, "id") != "validation_invalid_auth_id" {
				t.Errorf("%s: %s", name, r.raw)
			}
		}
	})
	t.Run("nothing was written", func(t *testing.T) {
		res := s.MustDo(t, 200, http.MethodGet, "/api/collections/guests/records", su, nil)
		if !strings.Contains(res.Body, `"totalItems":0`) {
			t.Fatalf("guests: %s", res.Body)
		}
	})
	t.Run("a generated id and a base collection's record may still use the id", func(t *testing.T) {
		s.MustDo(t, 200, http.MethodPost, "/api/collections/guests/records", "", signUp("", "fresh@example.com"))
		s.MustDo(t, 200, http.MethodPost, "/api/collections", su, `{"name":"profiles","createRule":"","fields":[{"name":"bio","type":"text"}]}`)
		s.MustDo(t, 200, http.MethodPost, "/api/collections/profiles/records", "", map[string]any{"id": victimID, "bio": "same id as the user"})
	})
}

func TestAuthID_OAuth2SignUpWithAnotherCollectionsIDIsRefused(t *testing.T) {
	e := newOAuth2Env(t)
	e.authCollection(t, "members", "", true)
	e.s.MustDo(t, 200, http.MethodPost, "/api/collections/members/records", e.su, signUp(victimID, "victim@example.com"))
	res := e.s.MustDo(t, 400, http.MethodPost, "/api/collections/users/auth-with-oauth2", "",
		e.grant(t, "users", gitlabUser(7, "attacker@example.com"), map[string]any{"id": victimID}))
	if !strings.Contains(res.Body, invalidAuthID) {
		t.Fatalf("body %s", res.Body)
	}
}
