package rest_test

import (
	"net/http"
	"testing"
)

func TestIdentity_RememberedTokensAreRevokedAtOnce(t *testing.T) {
	ta := newTestAPI(t)
	for i := 0; i < 2; i++ { // the second request is served from the cache
		status, body := ta.do("GET", "/api/settings", ta.suTok, nil)
		mustStatus(t, "superuser", status, http.StatusOK, body)
	}
	userTok := ta.userToken()
	status, body := ta.do("GET", "/api/collections/users/records", userTok, nil)
	mustStatus(t, "user list", status, http.StatusOK, body)
	id := dig(body, "items", "0", "id").(string)
	status, body = ta.do("PATCH", "/api/collections/users/records/"+id, ta.suTok, map[string]any{"password": "another-pass-1", "passwordConfirm": "another-pass-1"})
	mustStatus(t, "password change", status, http.StatusOK, body)
	status, body = ta.do("POST", "/api/collections/users/auth-refresh", userTok, nil)
	mustStatus(t, "old token after the password change", status, http.StatusUnauthorized, body)
}
