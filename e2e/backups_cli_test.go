package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackups_CLI: "monobase backup create" works next to a running
// server; "monobase backup restore" refuses to run under one, and restores
// a kept backup by key, or a zip by path, once it is stopped.
func TestBackups_CLI(t *testing.T) {
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "cli")
	out, err := runCLI(t, "backup", "create", "cli.zip", "--dir", s.Dir)
	if err != nil || !strings.Contains(out, "Backup created.") {
		t.Fatalf("backup create: %v\n%s", err, out)
	}
	if keys := backupKeys(t, s, admin); len(keys) != 1 || keys[0] != "cli.zip" {
		t.Fatalf("the server lists %v", keys)
	}
	if out, err := runCLI(t, "backup", "create", "Bad Name", "--dir", s.Dir); err == nil || !strings.Contains(out, "valid format") {
		t.Fatalf("a bad name: %v\n%s", err, out)
	}
	addNote(t, s, "after")
	out, err = runCLI(t, "backup", "restore", "cli.zip", "--dir", s.Dir)
	if err == nil || !strings.Contains(out, "in use by a running monobase server") {
		t.Fatalf("restore under a running server: %v\n%s", err, out)
	}
	s.Stop(t)
	out, err = runCLI(t, "backup", "restore", "cli.zip", "--dir", s.Dir)
	if err != nil || !strings.Contains(out, "Restored cli.zip") {
		t.Fatalf("backup restore KEY: %v\n%s", err, out)
	}
	s2 := StartServerIn(t, s.Dir)
	if got := noteState(t, s2); got != "cli" {
		t.Fatalf("after the CLI restore: %s", got)
	}
	addNote(t, s2, "again")
	s2.Stop(t)

	// a zip given by path
	outside := filepath.Join(t.TempDir(), "copy.zip")
	raw, err := os.ReadFile(filepath.Join(s.Dir, "backups", "cli.zip"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(outside, raw, 0o600)
	if out, err := runCLI(t, "backup", "restore", outside, "--dir", s.Dir); err != nil {
		t.Fatalf("backup restore FILE: %v\n%s", err, out)
	}
	if out, err := runCLI(t, "backup", "restore", "nope.zip", "--dir", s.Dir); err == nil || !strings.Contains(out, "No backup named nope.zip") {
		t.Fatalf("a missing key: %v\n%s", err, out)
	}
	s3 := StartServerIn(t, s.Dir)
	if got := noteState(t, s3); got != "cli" {
		t.Fatalf("after restoring a file: %s", got)
	}
}
