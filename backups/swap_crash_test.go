//go:build unix

package backups

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// crashEnv tells the child process where and at which step to kill itself.
const crashEnv = "BACKUPS_TEST_CRASH"

// TestSwap_crashChild is the child: it runs a swap and SIGKILLs itself at
// the step named in crashEnv. It does nothing in a normal run.
func TestSwap_crashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("run by TestSwap_killedAtEachStep")
	}
	dir, at, _ := strings.Cut(spec, "|")
	err := swap(dir, func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSwap_killedAtEachStep kills a real process at each step of a swap
// and checks that the next start (Recover) leaves a data dir that opens,
// holding the old data when the kill came before the marker, else the new.
func TestSwap_killedAtEachStep(t *testing.T) {
	steps := []struct{ at, want string }{
		{"before-marker", "old"},
		{"marker", "new"},
		{"old-out:data.db", "new"},
		{"new-in:data.db", "new"},
		{"old-out:storage", "new"},
		{"new-in:storage", "new"},
		{"marker-removed", "new"},
	}
	for _, step := range steps {
		t.Run(step.at, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			f.write(t, "new")
			m := New(f.store)
			loc := LocalLocation(f.dir)
			if err := m.Create(ctx, loc, "b.zip", CreateOptions{Files: f.files}); err != nil {
				t.Fatal(err)
			}
			// the live data becomes "old": the backup holds only "new"
			f.exec(t, `DELETE FROM t`)
			f.files.DeletePrefix(ctx, "c/")
			f.write(t, "old")
			if _, err := m.Prepare(ctx, loc, "b.zip", nil); err != nil {
				t.Fatal(err)
			}
			f.store.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^TestSwap_crashChild$")
			cmd.Env = append(os.Environ(), crashEnv+"="+f.dir+"|"+step.at)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the child was not killed at %s: %v\n%s", step.at, err, out)
			}
			if err := Recover(f.dir); err != nil {
				t.Fatalf("Recover: %v", err)
			}
			rows, stored := versions(t, f.dir)
			if rows != step.want || stored != step.want {
				t.Fatalf("killed at %s: rows %q, files %q; want %q for both", step.at, rows, stored, step.want)
			}
			for _, name := range []string{stageDir, oldDir, swapMarker} {
				if exists(f.dir + "/" + name) {
					t.Errorf("%s left after Recover", name)
				}
			}
		})
	}
}
