package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGraphQL_NPMClients runs e2e/npm-graphql/client.mjs (graphql-request
// and graphql-ws, pinned in package-lock.json) against the binary: a query
// and a mutation over HTTP and over the graphql-transport-ws websocket. It
// installs node_modules with `npm ci` when missing and skips only when node
// or npm are not installed.
func TestGraphQL_NPMClients(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: skipping the npm GraphQL client check (e2e/npm-graphql)")
	}
	dir, err := filepath.Abs("npm-graphql")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-ws")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("npm is not installed: cannot install e2e/npm-graphql's dependencies")
		}
		install := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		install.Dir = dir
		if out, err := install.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in e2e/npm-graphql: %v\n%s", err, out)
		}
	}
	s := StartServer(t)
	admin := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"npm_notes","fields":[{"name":"body","type":"text"}]}`)
	run := exec.CommandContext(ctx, node, "client.mjs")
	run.Dir = dir
	run.Env = append(os.Environ(), "BASE_URL="+s.URL, "TOKEN="+admin)
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("client.mjs: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"ok":true`) {
		t.Fatalf("client.mjs: %s", out)
	}
}

// TestGraphQL_GraphiQLBrowser installs the browser driver (e2e/browser/
// install.sh: Debian chromium + pinned playwright-core) and runs a real
// query through the GraphiQL page served by the binary, with the superuser
// token typed into the headers editor. It skips only when the driver
// cannot be installed.
func TestGraphQL_GraphiQLBrowser(t *testing.T) {
	dir := browserDriver(t)
	s := StartServer(t)
	admin := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", admin, `{"name":"ui_notes","listRule":"","createRule":"","fields":[{"name":"body","type":"text"}]}`)
	s.GQLOK(t, admin, `mutation { insertUiNotesOne(object: {body: "typed in the browser"}) { id } }`, nil)
	headers, _ := json.Marshal(map[string]string{"Authorization": admin})
	out := runDriver(t, dir, "graphiql.mjs", "BASE_URL="+s.URL, "QUERY={ uiNotes { body } viewer { collectionName } }",
		"HEADERS="+string(headers), "EXPECT=typed in the browser", "FAIL_ON_BLOCKED=1", "TIMEOUT_MS=60000")
	var res struct {
		OK         bool           `json:"ok"`
		Result     string         `json:"result"`
		ResultJSON map[string]any `json:"resultJSON"`
		Blocked    []string       `json:"blocked"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("graphiql.mjs output: %v: %s", err, out)
	}
	if !res.OK || len(res.Blocked) > 0 || pick(res.ResultJSON, "data", "viewer", "collectionName") != "_superusers" {
		t.Fatalf("GraphiQL run: %s", out)
	}
}
