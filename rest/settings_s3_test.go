package rest_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSettingsTestS3(t *testing.T) {
	ta := newTestAPI(t)
	storage := map[string]any{"filesystem": "storage"}

	status, body := ta.do("POST", "/api/settings/test/s3", "", storage)
	mustStatus(t, "guest", status, http.StatusUnauthorized, body)
	status, body = ta.do("POST", "/api/settings/test/s3", ta.userToken(), storage)
	mustStatus(t, "user", status, http.StatusForbidden, body)

	status, body = ta.do("POST", "/api/settings/test/s3", ta.suTok, map[string]any{"filesystem": "elsewhere"})
	mustStatus(t, "unknown filesystem", status, http.StatusBadRequest, body)
	if dig(body, "data", "filesystem", "code") != "validation_in_invalid" {
		t.Fatalf("unknown filesystem: %s", jsonText(body))
	}
	status, body = ta.do("POST", "/api/settings/test/s3", ta.suTok, storage)
	mustStatus(t, "s3 disabled", status, http.StatusBadRequest, body)
	if msg, _ := dig(body, "message").(string); !strings.Contains(msg, "not enabled") {
		t.Fatalf("s3 disabled: %s", jsonText(body))
	}
}

func TestSettings_S3SecretIsWriteOnly(t *testing.T) {
	ta := newTestAPI(t)
	s3 := map[string]any{"enabled": true, "bucket": "b", "region": "auto", "endpoint": "https://r2.example.com",
		"accessKey": "ak", "secret": "very-secret", "forcePathStyle": true}
	status, body := ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"s3": s3})
	mustStatus(t, "patch", status, http.StatusOK, body)
	_, got := ta.do("GET", "/api/settings", ta.suTok, nil)
	if strings.Contains(jsonText(got), "very-secret") || dig(got, "s3", "secret") != nil || dig(got, "s3", "bucket") != "b" {
		t.Fatalf("settings: %s", jsonText(got))
	}
	// a PATCH without the secret keeps it (and so passes the enabled check)
	status, body = ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"s3": map[string]any{"bucket": "c"}})
	mustStatus(t, "patch without the secret", status, http.StatusOK, body)
	status, body = ta.do("PATCH", "/api/settings", ta.suTok, map[string]any{"s3": map[string]any{"secret": "", "region": ""}})
	mustStatus(t, "blanking", status, http.StatusBadRequest, body)
	for _, key := range []string{"secret", "region"} {
		if dig(body, "data", "s3", key, "code") != "validation_required" {
			t.Errorf("s3.%s: %s", key, jsonText(body))
		}
	}
}
