package e2e

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// peakRSS is the server's peak resident set size so far in bytes (VmHWM
// in /proc/<pid>/status). Tests that bound memory skip where there is no
// /proc.
func (s *Server) peakRSS(t testing.TB) int64 {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/status")
	if err != nil {
		t.Skipf("no /proc to read the server's memory from: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM in /proc/<pid>/status")
	return 0
}
