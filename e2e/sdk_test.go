package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSDK runs the PocketBase JS SDK suite in e2e/sdk (node's built-in test
// runner, `pocketbase` pinned in package-lock.json) against the binary this
// package built. It installs node_modules with `npm ci` when they are
// missing, and skips only when node or npm are not installed.
func TestSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: skipping the PocketBase JS SDK suite (e2e/sdk); install Node.js >= 20 to run it")
	}
	dir, err := filepath.Abs("sdk")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "pocketbase")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("npm is not installed: cannot install the SDK suite's dependencies (e2e/sdk)")
		}
		install := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		install.Dir = dir
		if out, err := install.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in e2e/sdk: %v\n%s", err, out)
		}
	}
	run := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec")
	run.Dir = dir
	run.Env = append(os.Environ(), "MONOBASE_BIN="+binary)
	out, err := run.CombinedOutput()
	if testing.Verbose() || err != nil {
		t.Logf("node --test (e2e/sdk):\n%s", out)
	}
	if err != nil {
		t.Fatalf("the SDK suite failed: %v", err)
	}
}
