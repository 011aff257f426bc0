package rest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestSettings(t *testing.T) {
	dir := t.TempDir()
	ta := openTestAPI(t, dir)

	t.Run("guest gets 401 and a user 403", func(t *testing.T) {
		status, body := ta.do("GET", "/api/settings", "", nil)
		mustStatus(t, "guest", status, http.StatusUnauthorized, body)
		status, body = ta.do("PATCH", "/api/settings", "", map[string]any{})
		mustStatus(t, "guest patch", status, http.StatusUnauthorized, body)
		userTok := ta.userToken()
		status, body = ta.do("GET", "/api/settings", userTok, nil)
		mustStatus(t, "user", status, http.StatusForbidden, body)
	})

	t.Run("defaults are PocketBase's", func(t *testing.T) {
		status, body := ta.do("GET", "/api/settings", ta.suTok, nil)
		mustStatus(t, "get", status, http.StatusOK, body)
		for path, want := range map[string]any{
			"meta.appName": "Acme", "meta.appURL": "http://localhost:8090", "batch.enabled": false,
			"batch.maxRequests": float64(50), "batch.timeout": float64(3), "batch.maxBodySize": float64(0),
		} {
			if got := dig(body, strings.Split(path, ".")...); got != want {
				t.Errorf("%s = %v, want %v", path, got, want)
			}
		}
	})

	t.Run("patch merges, never echoes the smtp password and persists", func(t *testing.T) {
		status, body := ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{
			"meta":  map[string]any{"appName": "Mono"},
			"smtp":  map[string]any{"enabled": true, "host": "mail.example.com", "port": 25, "password": "s3cret"},
			"batch": map[string]any{"enabled": true},
			"logs":  map[string]any{"maxDays": 9}, // a key monobase does not have: ignored
		})
		mustStatus(t, "patch", status, http.StatusOK, body)
		if strings.Contains(jsonText(body), "s3cret") || dig(body, "smtp", "password") != nil {
			t.Fatalf("password echoed: %s", jsonText(body))
		}
		if dig(body, "meta", "appName") != "Mono" || dig(body, "meta", "senderName") != "Support" || dig(body, "batch", "maxRequests") != float64(50) {
			t.Fatalf("not merged: %s", jsonText(body))
		}
		// a second patch without the password keeps it
		ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"meta": map[string]any{"hideControls": true}})
		st, err := ta.svc.Settings(context.Background())
		if err != nil || st.SMTP.Password != "s3cret" || !st.Meta.HideControls {
			t.Fatalf("stored settings = %+v, %v", st, err)
		}
		// a fresh service over the same data directory reads them back
		again := openTestAPI(t, dir)
		_, body = again.do("GET", "/api/settings", again.suTok, nil)
		if dig(body, "meta", "appName") != "Mono" || dig(body, "batch", "enabled") != true || dig(body, "smtp", "host") != "mail.example.com" {
			t.Fatalf("not persisted: %s", jsonText(body))
		}
	})

	t.Run("invalid values answer 400 with field errors", func(t *testing.T) {
		status, body := ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{
			"meta":  map[string]any{"appName": "", "appURL": "nope", "senderAddress": "x"},
			"batch": map[string]any{"maxRequests": -1},
		})
		mustStatus(t, "patch", status, http.StatusBadRequest, body)
		for path, code := range map[string]string{
			"meta.appName": "validation_required", "meta.appURL": "validation_is_url",
			"meta.senderAddress": "validation_is_email", "batch.maxRequests": "validation_min_greater_equal_than_required",
		} {
			if got := dig(body, append([]string{"data"}, append(strings.Split(path, "."), "code")...)...); got != code {
				t.Errorf("%s code = %v, want %s (%s)", path, got, code, jsonText(body))
			}
		}
		status, body = ta.do("PATCH", "/api/settings", ta.suTok, `{"meta":{"appName":5}}`)
		mustStatus(t, "wrong type", status, http.StatusBadRequest, body)
		if dig(body, "data", "meta", "appName", "code") != "validation_invalid_value" {
			t.Fatalf("wrong type: %s", jsonText(body))
		}
		_, body = ta.do("GET", "/api/settings", ta.suTok, nil)
		if dig(body, "meta", "appName") != "Mono" {
			t.Fatalf("a failed patch changed the settings: %s", jsonText(body))
		}
	})
}

// userToken creates a user in the auth collection "users" (the default one
// of a fresh data dir, or one it creates) and returns that user's token.
func (ta *testAPI) userToken() string {
	ta.t.Helper()
	return ta.newUser("user" + randomSuffix() + "@example.com")
}

func (ta *testAPI) newUser(email string) string {
	ta.t.Helper()
	if status, _ := ta.do("GET", "/api/collections/users", ta.suTok, nil); status == http.StatusNotFound {
		status, body := ta.do("POST", "/api/collections", ta.suTok, map[string]any{
			"name": "users", "type": "auth", "createRule": "",
			"listRule": "id = @request.auth.id", "viewRule": "id = @request.auth.id",
			"passwordAuth": map[string]any{"enabled": true, "identityFields": []string{"email"}},
			"fields":       []any{map[string]any{"name": "name", "type": "text"}},
		})
		mustStatus(ta.t, "create users", status, http.StatusOK, body)
	}
	status, body := ta.do("POST", "/api/collections/users/records", "", map[string]any{"email": email, "password": "password123", "passwordConfirm": "password123"})
	mustStatus(ta.t, "create user", status, http.StatusOK, body)
	status, body = ta.do("POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": email, "password": "password123"})
	mustStatus(ta.t, "auth user", status, http.StatusOK, body)
	return dig(body, "token").(string)
}
