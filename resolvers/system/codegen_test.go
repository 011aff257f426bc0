package system_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCodegenIsFresh regenerates the system API with the pinned gqlgen
// (go tool gqlgen generate) and fails when anything changes: edit
// schema/system.graphqls, regenerate, and commit the result together.
func TestCodegenIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating takes seconds")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, f := range files {
		if before[f], err = os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "tool", "gqlgen", "generate")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gqlgen generate: %v\n%s", err, out)
	}
	after, _ := filepath.Glob("*.go")
	if len(after) != len(files) {
		t.Errorf("regenerating changed the file set: %v → %v", files, after)
	}
	for _, f := range files {
		now, err := os.ReadFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !bytes.Equal(now, before[f]) {
			t.Errorf("%s is stale: run `go tool gqlgen generate` and commit the result", f)
			_ = os.WriteFile(f, before[f], 0o644) // leave the tree as it was
		}
	}
}
