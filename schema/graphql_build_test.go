package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestBuildGraphQL_Golden reads testdata/graphql_*.txtar: collections.json
// (an array of collection definitions) and either schema.graphql (the
// generated SDL) or error (the clash message).
func TestBuildGraphQL_Golden(t *testing.T) {
	files, err := filepath.Glob("testdata/graphql_*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cols := decodeGolden(t, section(ar, "collections.json"))
			got, want, name := "", "", "schema.graphql"
			g, err := BuildGraphQL(cols)
			if err != nil {
				got, name = err.Error()+"\n", "error"
			} else {
				got = g.SDL
			}
			want = string(section(ar, name))
			if *update {
				var out []txtar.File
				for _, f := range ar.Files {
					if f.Name != "schema.graphql" && f.Name != "error" {
						out = append(out, f)
					}
				}
				ar.Files = append(out, txtar.File{Name: name, Data: []byte(got)})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("%s mismatch (run go test ./schema -run Golden -update)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
			}
		})
	}
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func decodeGolden(t *testing.T, raw []byte) []*Collection {
	t.Helper()
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("collections.json: %v", err)
	}
	ft := DefaultFieldTypes()
	var cols []*Collection
	for _, r := range list {
		c, err := DecodeCollection(ft, r)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if c.IsAuth() && c.AuthOptions == nil {
			c.AuthOptions = DefaultAuthOptions(func() string { return "secret" })
		}
		if c.ID == "" {
			c.ID = CollectionID(c.Type, c.Name)
		}
		EnsureSystemFields(c)
		cols = append(cols, c)
	}
	return cols
}

func TestBuildGraphQL_DeterministicAndPure(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/graphql_blog.txtar")
	if err != nil {
		t.Fatal(err)
	}
	cols := decodeGolden(t, section(ar, "collections.json"))
	first := cols[0].Name
	a, err := BuildGraphQL(cols)
	if err != nil {
		t.Fatal(err)
	}
	rev := make([]*Collection, len(cols))
	for i, c := range cols {
		rev[len(cols)-1-i] = c
	}
	b, err := BuildGraphQL(rev)
	if err != nil {
		t.Fatal(err)
	}
	if a.SDL != b.SDL {
		t.Error("SDL depends on the order of the collections")
	}
	if cols[0].Name != first {
		t.Error("BuildGraphQL reordered the caller's slice")
	}
	if !bytes.Contains([]byte(a.SDL), []byte("postsViaAuthor(")) {
		t.Error("missing back-relation")
	}
}

func TestBuildGraphQL_ClashNamesBoth(t *testing.T) {
	mk := func(name string) *Collection {
		c := &Collection{ID: CollectionID(TypeBase, name), Name: name, Type: TypeBase}
		EnsureSystemFields(c)
		return c
	}
	_, err := BuildGraphQL([]*Collection{mk("user_profiles"), mk("userProfiles")})
	var ce *ClashError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `"user_profiles"`) || !strings.Contains(err.Error(), `"userProfiles"`) {
		t.Fatalf("err = %v, want a clash naming both collections", err)
	}
	for _, name := range []string{"collection", "file", "string_comparison_exp", "1abc"} {
		if _, err := BuildGraphQL([]*Collection{mk(name)}); !errors.As(err, &ce) {
			t.Errorf("collection %q: err = %v, want a ClashError", name, err)
		}
	}
}

func TestGraphQLNames(t *testing.T) {
	for in, want := range map[string][2]string{
		"posts": {"posts", "Posts"}, "user_profiles": {"userProfiles", "UserProfiles"}, "col0": {"col0", "Col0"},
		"_superusers": {"superusers", "Superusers"}, "Posts": {"posts", "Posts"}, "a__b": {"aB", "AB"},
	} {
		if l, ty := GraphQLListName(in), GraphQLTypeName(in); l != want[0] || ty != want[1] {
			t.Errorf("%s → %s, %s; want %v", in, l, ty, want)
		}
	}
}
