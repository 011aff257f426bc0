package store

import (
	"context"
	"errors"
	"testing"
)

func TestExternalAuths_GoWithTheirRecord(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := s.Collections().Find(SuperusersName)
	link := func(record, providerID string) ExternalAuth {
		return ExternalAuth{CollectionRef: c.ID, RecordRef: record, Provider: "github", ProviderID: providerID}
	}
	err := s.Tx(ctx, func(tx *Tx) error {
		for _, id := range []string{"aaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbb"} {
			if err := tx.InsertRecord(ctx, c, map[string]any{"id": id, "email": id + "@example.com", "password": "x", "tokenKey": RandomSecret()}); err != nil {
				return err
			}
		}
		if err := InsertExternalAuth(ctx, tx, link("aaaaaaaaaaaaaaa", "1")); err != nil {
			return err
		}
		return InsertExternalAuth(ctx, tx, link("bbbbbbbbbbbbbbb", "2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("one account links one record, one record one account per provider", func(t *testing.T) {
		for _, ea := range []ExternalAuth{link("bbbbbbbbbbbbbbb", "1"), link("aaaaaaaaaaaaaaa", "3")} {
			if err := s.Tx(ctx, func(tx *Tx) error { return InsertExternalAuth(ctx, tx, ea) }); err == nil {
				t.Errorf("%+v was accepted", ea)
			}
		}
	})
	t.Run("deleting a record deletes its links only", func(t *testing.T) {
		if err := s.Tx(ctx, func(tx *Tx) error { return tx.DeleteRecord(ctx, c, "aaaaaaaaaaaaaaa") }); err != nil {
			t.Fatal(err)
		}
		if _, err := FindExternalAuth(ctx, s.Reader(), c.ID, "github", "1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the deleted record's link: %v", err)
		}
		if ea, err := FindExternalAuth(ctx, s.Reader(), c.ID, "github", "2"); err != nil || ea.RecordRef != "bbbbbbbbbbbbbbb" {
			t.Fatalf("the other link: %+v %v", ea, err)
		}
	})
	t.Run("truncating the collection deletes every link", func(t *testing.T) {
		if err := s.Truncate(ctx, c.Name); err != nil {
			t.Fatal(err)
		}
		if _, err := FindExternalAuth(ctx, s.Reader(), c.ID, "github", "2"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("link after truncate: %v", err)
		}
	})
}
