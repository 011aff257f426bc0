package monobase

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// importOrder is the order of imports (DESIGN.md draws it), lowest rank first: a package may
// import the project's packages of lower ranks, never one of its own rank
// or above. A package ranks with its top folder (mail/mailtest as mail,
// resolvers/system as resolvers), so a new sub-package needs no entry; a
// new top folder is added to a rank here.
var importOrder = [][]string{
	{"schema", "rules", "mail", "playground", "cron", "internal"}, // leaves: no project package
	{"store"},
	// auth ranks below files on purpose: a file token is an auth token of
	// type "file", signed and checked by auth (files/token.go).
	{"auth"},
	{"files", "realtime"},
	{"backups"},       // snapshots of the database and the stored files
	{"resolvers"},     // the record service both APIs call, and the GraphQL executor
	{"graph", "rest"}, // the transports over the record service
	{""},              // the App (package monobase)
	{"cmd"},
}

// inFolder is the order inside a top folder: the packages of its own
// folder a package may import. Go refuses cycles; this keeps the direction.
var inFolder = map[string][]string{
	// the generated system API is implemented by the record service
	"resolvers": {"resolvers/system"},
	// the GraphQL executor runs over the record service and its system API
	"resolvers/gqlexec": {"resolvers", "resolvers/system"},
}

// denied lists lower folders a folder's packages must not import although
// their rank would allow it.
var denied = map[string][]string{
	// graph reaches the database only through the record service: the
	// collections and tokens come from the App (graph.Schemas, graph.Authenticator)
	"graph": {"store"},
}

// topFolder returns the first element of a package path relative to the
// module ("" for the root package).
func topFolder(pkg string) string {
	top, _, _ := strings.Cut(pkg, "/")
	return top
}

func ranks() map[string]int {
	r := map[string]int{}
	for i, row := range importOrder {
		for _, top := range row {
			r[top] = i
		}
	}
	return r
}

// mayImport says whether pkg may import dep (both relative to the module,
// "" the root): nil, or why not.
func mayImport(rank map[string]int, pkg, dep string) error {
	pt, dt := topFolder(pkg), topFolder(dep)
	pr, ok := rank[pt]
	if !ok {
		return fmt.Errorf("%s is in no rank of importOrder; add its top folder %q to one", orRoot(pkg), pt)
	}
	dr, ok := rank[dt]
	if !ok {
		return fmt.Errorf("%s is in no rank of importOrder; add its top folder %q to one", orRoot(dep), dt)
	}
	switch {
	case pt == dt:
		if slices.Contains(inFolder[pkg], dep) {
			return nil
		}
		return fmt.Errorf("%s imports %s: not listed in inFolder, the order inside %s", orRoot(pkg), dep, pt)
	case dr >= pr:
		return fmt.Errorf("%s imports %s: %s does not rank below %s in importOrder", orRoot(pkg), orRoot(dep), orRoot(dt), orRoot(pt))
	case slices.Contains(denied[pt], dt):
		return fmt.Errorf("%s imports %s: denied (see denied)", orRoot(pkg), orRoot(dep))
	}
	return nil
}

// TestLayering fails when a package (or its in-package tests) imports
// against importOrder. External test packages and e2e may import anything.
func TestLayering(t *testing.T) {
	const module = "github.com/monobase/monobase"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports " "}} {{join .TestImports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rank := ranks()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, "|")
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if topFolder(rel) == "e2e" {
			continue // end-to-end tests drive the binary; they may import anything
		}
		if _, ok := rank[topFolder(rel)]; !ok {
			t.Errorf("package %s is in no rank of importOrder; add its top folder to one", rel)
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if err := mayImport(rank, rel, strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")); err != nil {
				t.Error(err)
			}
		}
	}
}

// The rule itself: what imports downward passes, what imports upward,
// sideways or into a denied folder fails, sub-packages included.
func TestLayering_Rule(t *testing.T) {
	rank := ranks()
	for _, c := range []struct {
		pkg, dep string
		ok       bool
	}{
		{"store", "schema", true},
		{"schema", "store", false},
		{"schema", "rules", false},
		{"files", "auth", true},
		{"auth", "files", false},
		{"realtime", "files", false},
		{"resolvers", "mail", true},
		{"mail/mailtest", "store", false},
		{"store/sqlitex", "schema", true}, // a new sub-package needs no entry
		{"store/sqlitex", "auth", false},
		{"resolvers", "resolvers/system", true},
		{"resolvers/system", "resolvers", false},
		{"resolvers/gqlexec", "resolvers", true},
		{"resolvers", "resolvers/gqlexec", false},
		{"graph", "resolvers/gqlexec", true},
		{"graph", "rest", false},
		{"graph", "store", false},
		{"rest", "store", true},
		{"rest", "", false},
		{"", "graph", true},
		{"cmd/monobase", "", true},
		{"newfolder", "store", false}, // a new top folder must be ranked first
	} {
		if err := mayImport(rank, c.pkg, c.dep); (err == nil) != c.ok {
			t.Errorf("%s imports %s: allowed = %v, want %v (%v)", orRoot(c.pkg), orRoot(c.dep), err == nil, c.ok, err)
		}
	}
}

func orRoot(p string) string {
	if p == "" {
		return "monobase (root)"
	}
	return p
}
