package e2e

import (
	"net/http"
	"testing"
)

// A required value that is missing is reported with one message, the one
// PocketBase gives ("Cannot be blank."), whichever check finds it: here
// the password of a new auth record.
func TestRecords_MissingPasswordSaysCannotBeBlank(t *testing.T) {
	s := StartServer(t)
	admin := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"members","type":"auth","createRule":"","fields":[]}`)
	res := s.MustDo(t, 400, http.MethodPost, "/api/collections/members/records", "", map[string]any{"email": "m@example.com"})
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	res.Decode(t, &body)
	if got := body.Data["password"]; got.Code != "validation_required" || got.Message != "Cannot be blank." {
		t.Fatalf("password error %+v in %s", got, res.Body)
	}
}
