package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the monobase executable built once for the whole package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "monobase-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "tempdir:", err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "monobase")
	build := exec.Command("go", "build", "-o", binary, "../cmd/monobase")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build monobase:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Superuser credentials every test server is created with.
const (
	AdminEmail    = "admin@example.com"
	AdminPassword = "admin-password-123"
)

// Server is a running monobase binary.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	Dir  string // data directory
	cmd  *exec.Cmd
	done chan struct{}

	mu      sync.Mutex
	output  bytes.Buffer
	written chan struct{} // signalled after each write to output
	token   string
}

// runCLI runs the binary with args and returns its combined output.
func runCLI(t testing.TB, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(binary, args...).CombinedOutput()
	return string(out), err
}

// StartServer creates a data dir, a superuser (through the CLI) and starts
// `monobase serve` on a free port, with extraArgs (flags of serve). The
// server is killed when the test ends.
func StartServer(t testing.TB, extraArgs ...string) *Server {
	t.Helper()
	dir := t.TempDir()
	if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, out)
	}
	return StartServerIn(t, dir, extraArgs...)
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)`)

// StartServerIn starts `monobase serve` on an existing data dir.
func StartServerIn(t testing.TB, dir string, extraArgs ...string) *Server {
	t.Helper()
	return startServer(t, dir, nil, extraArgs)
}

// StartServerEnv is StartServer with more environment variables
// ("KEY=value", e.g. a PATH with fake programs first).
func StartServerEnv(t testing.TB, env []string, extraArgs ...string) *Server {
	t.Helper()
	dir := t.TempDir()
	if out, err := runCLI(t, "superuser", "upsert", AdminEmail, AdminPassword, "--dir", dir); err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, out)
	}
	return startServer(t, dir, env, extraArgs)
}

func startServer(t testing.TB, dir string, env, extraArgs []string) *Server {
	t.Helper()
	args := append([]string{"serve", "--http", "127.0.0.1:0", "--dir", dir}, extraArgs...)
	cmd := exec.Command(binary, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: dir, cmd: cmd, done: make(chan struct{}), written: make(chan struct{}, 1)}
	cmd.Stderr = &lockedWriter{s: s}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start monobase: %v", err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.output.WriteString(line + "\n")
			s.mu.Unlock()
			s.signalWritten()
			if m := servingLine.FindStringSubmatch(line); m != nil {
				urls <- m[1]
			}
		}
	}()
	go func() { cmd.Wait(); close(s.done) }()
	select {
	case s.URL = <-urls:
	case <-s.done:
		t.Fatalf("monobase exited before serving:\n%s", s.Output())
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("monobase did not start in 15s:\n%s", s.Output())
	}
	t.Cleanup(func() { s.Kill() })
	return s
}

type lockedWriter struct{ s *Server }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	n, err := w.s.output.Write(p)
	w.s.mu.Unlock()
	w.s.signalWritten()
	return n, err
}

func (s *Server) signalWritten() {
	select {
	case s.written <- struct{}{}:
	default: // a signal is pending already
	}
}

// WaitOutput waits until the server has printed text (logs reach the
// output a moment after the request that caused them is answered).
func (s *Server) WaitOutput(t testing.TB, text string, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for !strings.Contains(s.Output(), text) {
		select {
		case <-s.written:
		case <-deadline:
			t.Fatalf("the server did not print %q within %s:\n%s", text, timeout, s.Output())
		}
	}
}

// Output is what the server printed so far.
func (s *Server) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.output.String()
}

// Kill stops the server with SIGKILL and waits for it.
func (s *Server) Kill() {
	_ = s.cmd.Process.Kill() // fails harmlessly when it already exited
	<-s.done
}

// Stop sends SIGTERM and waits for a clean exit.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("server did not stop on SIGTERM:\n%s", s.Output())
	}
}

// AdminToken signs the superuser in once and returns the token.
func (s *Server) AdminToken(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	tok := s.token
	s.mu.Unlock()
	if tok != "" {
		return tok
	}
	tok = s.Login(t, "_superusers", AdminEmail, AdminPassword)
	s.mu.Lock()
	s.token = tok
	s.mu.Unlock()
	return tok
}

// Login signs a record in with a password and returns its token.
func (s *Server) Login(t testing.TB, collection, identity, password string) string {
	t.Helper()
	res := s.Do(t, "POST", "/api/collections/"+collection+"/auth-with-password", "", map[string]any{"identity": identity, "password": password})
	if res.Status != 200 {
		t.Fatalf("login %s as %s: %d %s", collection, identity, res.Status, res.Body)
	}
	var out struct{ Token string }
	res.Decode(t, &out)
	return out.Token
}

// Response is an HTTP response read whole.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Decode unmarshals the body into v.
func (r Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request; body may be nil, a string (sent as is) or any value
// (sent as JSON).
func (s *Server) Do(t testing.TB, method, path, token string, body any) Response {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// MustDo is Do that fails the test unless the status is want.
func (s *Server) MustDo(t testing.TB, want int, method, path, token string, body any) Response {
	t.Helper()
	res := s.Do(t, method, path, token, body)
	if res.Status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	return res
}

// DropDefaultUsers deletes the users collection a fresh data dir starts
// with (PocketBase's default), for tests that define their own.
func (s *Server) DropDefaultUsers(t testing.TB) {
	t.Helper()
	s.MustDo(t, http.StatusNoContent, "DELETE", "/api/collections/users", s.AdminToken(t), nil)
}
