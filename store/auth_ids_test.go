package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/monobase/monobase/schema"
)

func TestAuthIDs_OwnerAndClashes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, c := range []*schema.Collection{
		// users: the default collection of a fresh data dir
		{Name: "guests", Type: schema.TypeAuth, AuthOptions: schema.DefaultAuthOptions(RandomSecret)},
		{Name: "posts", Type: schema.TypeBase},
	} {
		if err := s.SaveCollection(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	snap := s.Collections()
	insert := func(col, id string) {
		t.Helper()
		c := snap.Find(col)
		data := map[string]any{"id": id}
		if c.IsAuth() {
			data = map[string]any{"id": id, "email": fmt.Sprintf("%s-%s@example.com", col, id), "password": "x", "tokenKey": RandomSecret()}
		}
		if err := s.Tx(ctx, func(tx *Tx) error { return tx.InsertRecord(ctx, c, data) }); err != nil {
			t.Fatal(err)
		}
	}
	insert("users", "shared000000001")
	insert("guests", "shared000000001")
	insert("users", "shared000000002")
	insert("_superusers", "shared000000002")
	insert("users", "usersonly000001")
	insert("posts", "usersonly000001") // a base collection may share an id

	auths := snap.AuthCollections()
	if len(auths) != 3 || auths[0].Name != SuperusersName {
		t.Fatalf("auth collections: %d, first %s", len(auths), auths[0].Name)
	}
	for id, want := range map[string]string{"shared000000001": "users", "usersonly000001": "users", "nobody000000000": ""} {
		got, err := AuthIDOwner(ctx, s.Reader(), auths[1:], id)
		if err != nil || got != want {
			t.Errorf("owner of %s: %q %v, want %q", id, got, err, want)
		}
	}
	clashes, err := AuthIDClashes(ctx, s.Reader(), auths, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(clashes); got != "[{shared000000002 [_superusers users]} {shared000000001 [users guests]}]" {
		t.Fatalf("clashes: %s", got)
	}
	if clashes, err := AuthIDClashes(ctx, s.Reader(), auths, 1); err != nil || len(clashes) != 1 {
		t.Fatalf("limit 1: %v %v", clashes, err)
	}
}
