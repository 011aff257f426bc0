package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Documents whose cost grows faster than their size are answered in work
// proportional to the document, with bounded responses.

// fanOutQuery is a ~1 KB document of n fragments, each spreading the next
// one twice: 2^(n-1) paths to leaf when walked without merging.
func fanOutQuery(n int, leaf string) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }")
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	fmt.Fprintf(&b, " fragment F%d on Query { %s }", n-1, leaf)
	return b.String()
}

// typeCopies is n copies of __type, each with its own name argument: every
// pair conflicts (400 copies made 79,800 validation errors, 18.6 MiB).
func typeCopies(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ` __type(name: "T%d") { name }`, i)
	}
	b.WriteString(" }")
	return b.String()
}

func TestGraphQL_FragmentFanOutIsLinear(t *testing.T) {
	s := StartServer(t)
	gqlBlog(t, s)
	for _, c := range []struct {
		levels int
		leaf   string
	}{{24, "__typename"}, {26, "__typename"}, {26, "posts(limit: 1) { id title }"}} {
		t.Run(fmt.Sprintf("%d levels, %s", c.levels, c.leaf), func(t *testing.T) {
			q := fanOutQuery(c.levels, c.leaf)
			before := s.cpuTicks(t)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			status, body, err := s.postGraphQL(ctx, q)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			// 2^25 walked paths took minutes of CPU; the merged walk takes
			// milliseconds. 1.5 s leaves a loaded 2-core machine room.
			if spent := s.cpuTicks(t) - before; spent > 150 {
				t.Fatalf("the server spent %d CPU ticks on a %d-byte document", spent, len(q))
			}
			r := decodeGQL(t, status, body)
			if len(r.Errors) > 0 || r.Data == nil {
				t.Fatalf("%d: %s", status, body)
			}
		})
	}
}

func TestGraphQL_ErrorAmplificationIsBounded(t *testing.T) {
	s := StartServer(t)
	for _, n := range []int{100, 400, 800} {
		t.Run(strconv.Itoa(n)+" conflicting copies", func(t *testing.T) {
			q := typeCopies(n)
			rssBefore := s.memKiB(t, "VmRSS")
			status, body, err := s.postGraphQL(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			// 400 copies answered 18.6 MiB and grew the server by 124 MiB.
			if len(body) > 16<<10 {
				t.Fatalf("a %d-byte document answered %d bytes", len(q), len(body))
			}
			if grown := s.memKiB(t, "VmHWM") - rssBefore; grown > 48<<10 {
				t.Fatalf("the server grew by %d KiB answering %d bytes", grown, len(q))
			}
			r := decodeGQL(t, status, body)
			if len(r.Errors) == 0 || len(r.Errors) > 101 || r.Data != nil {
				t.Fatalf("%d errors: %.500s", len(r.Errors), body)
			}
			for _, e := range r.Errors {
				if ext, _ := e["extensions"].(map[string]any); ext["code"] == nil {
					t.Fatalf("an error without extensions.code: %v", e)
				}
			}
		})
	}
	t.Run("repeated validation errors are one error with their locations", func(t *testing.T) {
		r := s.GQL(t, "", typeCopies(60), nil)
		if len(r.Errors) != 1 || r.code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("%.500s", r.raw)
		}
		if locs, _ := r.Errors[0]["locations"].([]any); len(locs) < 2 {
			t.Fatalf("locations: %v", r.Errors[0])
		}
	})
	t.Run("a copied field costs validation no more than the limit", func(t *testing.T) {
		q := "{" + strings.Repeat(" __typename", 20000) + " }" // 20,000 × 19,999 / 2 pairs
		before := s.cpuTicks(t)
		r := s.GQL(t, "", q, nil)
		if r.code() != "QUERY_TOO_LARGE" {
			t.Fatalf("%.500s", r.raw)
		}
		if spent := s.cpuTicks(t) - before; spent > 150 {
			t.Fatalf("the server spent %d CPU ticks validating a %d-byte document", spent, len(q))
		}
	})
	t.Run("introspection fields count in the complexity", func(t *testing.T) {
		// 20 × ~2,700 introspection fields, over the default limit of 50,000
		// (gqlparser allows 1,000 levels).
		chain := strings.Repeat(" name kind ofType {", 900) + " name" + strings.Repeat(" }", 900)
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, " s%d: __schema { queryType {%s } }", i, chain)
		}
		b.WriteString(" }")
		if r := s.GQL(t, "", b.String(), nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Fatalf("%.500s", r.raw)
		}
	})
}

func TestGraphQL_HangUpStopsTheOperation(t *testing.T) {
	s := StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _, _ = s.postGraphQL(ctx, fanOutQuery(27, "__typename")) // answered, or hung up after 2 s
	// The client is gone: the server's CPU must stay still over a window
	// (a measurement interval, not a wait for work to finish).
	before := s.cpuTicks(t)
	<-time.After(2 * time.Second)
	if spent := s.cpuTicks(t) - before; spent > 100 {
		t.Fatalf("the server spent %d CPU ticks in the 2 s after the client hung up", spent)
	}
}

func TestGraphQL_ShutdownDoesNotWaitForAnOperation(t *testing.T) {
	s := StartServer(t)
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _, _ = s.postGraphQL(ctx, fanOutQuery(27, "__typename"))
	}()
	// SIGTERM once the operation runs (the CPU moves) or has been answered.
	start := s.cpuTicks(t)
running:
	for s.cpuTicks(t)-start < 5 {
		select {
		case <-answered:
			break running
		case <-time.After(20 * time.Millisecond):
		}
	}
	began := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30 s after SIGTERM")
	}
	// The shutdown timeout is 10 s; requests are cancelled after half.
	if d := time.Since(began); d > 7*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
}

// postGraphQL posts query within ctx and reads the answer.
func (s *Server) postGraphQL(ctx context.Context, query string) (int, string, error) {
	raw, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql", bytes.NewReader(raw))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, string(body), err
}

// cpuTicks is the CPU time (user + system) the server used so far, in
// the kernel's USER_HZ ticks (1/100 s).
func (s *Server) cpuTicks(t testing.TB) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// The fields after the command name (which may hold spaces).
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return utime + stime
}

// memKiB reads one of the server's /proc/PID/status sizes (VmRSS, VmHWM).
func (s *Server) memKiB(t testing.TB, name string) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", name, s.cmd.Process.Pid)
	return 0
}
