package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// browserDriver installs what the browser tests need (e2e/browser/
// install.sh: Debian chromium + pinned playwright-core) and returns the
// driver scripts' directory. It skips the test only when they truly cannot
// be installed.
func browserDriver(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: cannot drive a browser (e2e/browser)")
	}
	dir, err := filepath.Abs("browser")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, "bash", filepath.Join(dir, "install.sh"))
	if out, err := install.CombinedOutput(); err != nil {
		t.Skipf("cannot install chromium/playwright for the browser check: %v\n%s", err, out)
	}
	return dir
}

// runDriver runs a driver script with extra environment and returns its
// stdout (one JSON line), failing the test when it fails.
func runDriver(t *testing.T, dir, script string, env ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, script))
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v\nstdout: %s\nstderr: %s", script, err, out, stderr)
	}
	return out
}
