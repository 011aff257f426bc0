package monobase

import (
	"os/exec"
	"strings"
	"testing"
)

// allowedImports is the direction of imports of DESIGN.md: each package may
// import only the project packages listed (and their own sub-packages).
var allowedImports = map[string][]string{
	"schema":            {},
	"rules":             {},
	"mail":              {},
	"mail/mailtest":     {},
	"store":             {"schema", "rules"},
	"auth":              {"store", "schema", "rules"},
	"files":             {"store", "schema", "rules", "auth"},
	"realtime":          {"store", "schema", "rules"},
	"internal/bounded":  {},
	"resolvers":         {"schema", "rules", "store", "auth", "files", "realtime", "mail", "internal/bounded"},
	"resolvers/gqlexec": {"resolvers", "resolvers/system", "schema", "rules", "store", "auth", "files", "realtime", "internal/bounded"},
	"resolvers/system":  {"schema", "rules", "store", "auth", "files", "realtime"},
	"graph":             {"resolvers/gqlexec", "resolvers", "resolvers/system", "schema", "rules", "store", "auth", "files", "realtime"},
	"rest":              {"resolvers", "schema", "rules", "store", "auth", "files", "realtime"},
	"playground":        {},
	"":                  {"graph", "rest", "playground", "resolvers/gqlexec", "resolvers", "resolvers/system", "schema", "rules", "store", "auth", "files", "realtime", "mail"},
	"cmd/monobase":      {""},
}

// TestLayering fails when a package imports upward against DESIGN.md.
func TestLayering(t *testing.T) {
	const module = "github.com/monobase/monobase"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, "|")
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if strings.HasPrefix(rel, "e2e") {
			continue // end-to-end tests drive the binary; they may import anything
		}
		allowed, known := allowedImports[rel]
		if !known {
			t.Errorf("package %q is not in the layering table; add it to allowedImports", rel)
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !contains(allowed, dep) {
				t.Errorf("%s imports %s: not allowed by the layering of DESIGN.md", orRoot(rel), orRoot(dep))
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orRoot(p string) string {
	if p == "" {
		return "monobase (root)"
	}
	return p
}
