package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBackups_SettingsAreValidated: backups.cron must parse as PocketBase
// parses it, cronMaxKeep is needed with a schedule and is never below 1.
func TestBackups_SettingsAreValidated(t *testing.T) {
	s := StartServer(t)
	admin := s.AdminToken(t)
	res := s.MustDo(t, 200, http.MethodGet, "/api/settings", admin, nil)
	if !strings.Contains(res.Body, `"backups":{"cron":"","cronMaxKeep":3,"s3":{"enabled":false`) {
		t.Fatalf("default backups settings: %s", res.Body)
	}
	for body, want := range map[string]string{
		`{"backups":{"cron":"bad"}}`:                       `"cron":{"code":"validation_invalid_cron"`,
		`{"backups":{"cron":"* * * * * *"}}`:               `"cron":{"code":"validation_invalid_cron"`,
		`{"backups":{"cron":"61 * * * *"}}`:                `"cron":{"code":"validation_invalid_cron"`,
		`{"backups":{"cron":"@every 5s"}}`:                 `"cron":{"code":"validation_invalid_cron"`,
		`{"backups":{"cron":"* * * * *","cronMaxKeep":0}}`: `"cronMaxKeep":{"code":"validation_required"`,
		`{"backups":{"cronMaxKeep":-1}}`:                   `"cronMaxKeep":{"code":"validation_min_greater_equal_than_required"`,
		`{"backups":{"s3":{"enabled":true}}}`:              `"s3":{"accessKey":{"code":"validation_required"`,
	} {
		res := s.MustDo(t, 400, http.MethodPatch, "/api/settings", admin, body)
		if !strings.Contains(res.Body, `"data":{"backups":{`) || !strings.Contains(res.Body, want) {
			t.Errorf("%s: %s", body, res.Body)
		}
	}
	res = s.MustDo(t, 200, http.MethodPatch, "/api/settings", admin, `{"backups":{"cron":"@daily","cronMaxKeep":2}}`)
	if !strings.Contains(res.Body, `"backups":{"cron":"@daily","cronMaxKeep":2`) {
		t.Fatalf("saved: %s", res.Body)
	}
}

// TestBackups_CronMakesBackupsAndKeepsTheNewest schedules automatic
// backups every minute with cronMaxKeep 2 next to two older automatic
// backups and a manual one: the run adds one and deletes the oldest
// automatic one only. It waits for the scheduler (up to a minute).
func TestBackups_CronMakesBackupsAndKeepsTheNewest(t *testing.T) {
	t.Parallel()
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "scheduled")
	// older automatic backups, and a manual one retention must not touch
	for _, name := range []string{"@auto_mb_backup_old1.zip", "@auto_mb_backup_old2.zip", "manual.zip"} {
		if res := s.DoMultipart(t, http.MethodPost, "/api/backups/upload", admin, formFile("file", name, zipOf(t, map[string]string{"x": name}))); res.Status != 204 {
			t.Fatalf("upload %s: %d %s", name, res.Status, res.Body)
		}
	}
	s.MustDo(t, 200, http.MethodPatch, "/api/settings", admin, `{"backups":{"cron":"* * * * *","cronMaxKeep":2}}`)
	deadline := time.Now().Add(90 * time.Second)
	var keys []string
	for {
		keys = backupKeys(t, s, admin)
		if len(keys) == 3 && !slices.Contains(keys, "@auto_mb_backup_old1.zip") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no automatic backup with retention within 90s: %v\n%s", keys, s.Output())
		}
		select {
		case <-time.After(250 * time.Millisecond): // polling the API: there is no event to wait on
		case <-t.Context().Done():
			t.Fatal(t.Context().Err())
		}
	}
	if !strings.HasPrefix(keys[0], "@auto_mb_backup_acme_") || !strings.HasSuffix(keys[0], ".zip") ||
		keys[1] != "@auto_mb_backup_old2.zip" || keys[2] != "manual.zip" {
		t.Fatalf("after the scheduled run: %v", keys)
	}
	// the automatic backup restores like any other
	s.MustDo(t, 204, http.MethodPost, "/api/backups/"+keys[0]+"/restore", admin, nil)
	if got := noteState(t, s); got != "scheduled" {
		t.Fatalf("restored from the automatic backup: %s", got)
	}
}
