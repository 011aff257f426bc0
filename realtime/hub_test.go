package realtime

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/monobase/monobase/store"
)

func TestHub_Feed(t *testing.T) {
	t.Run("a batch publishes after its one commit, in order", func(t *testing.T) {
		f := newFixture(t, Config{})
		c := f.hub.Connect()
		defer c.Close()
		mustSubscribe(t, c, f.sub("posts/*", "", ""))
		f.write(f.posts, false, map[string]any{"title": "a"}, map[string]any{"title": "b"}, map[string]any{"title": "c"})
		for _, want := range []string{"create:a", "create:b", "create:c"} {
			if m := next(t, c); m.Payload != want || m.Topic != "posts/*" {
				t.Fatalf("got %q on %q, want %q", m.Payload, m.Topic, want)
			}
		}
	})
	t.Run("a rolled-back transaction publishes nothing", func(t *testing.T) {
		f := newFixture(t, Config{})
		c := f.hub.Connect()
		defer c.Close()
		mustSubscribe(t, c, f.sub("posts/*", "", ""))
		f.write(f.posts, true, map[string]any{"title": "rolled back"})
		f.write(f.posts, false, map[string]any{"title": "marker"})
		if m := next(t, c); m.Payload != "create:marker" {
			t.Fatalf("first message %q, want the marker: the rolled-back write leaked", m.Payload)
		}
	})
	t.Run("one record topic gets only that record", func(t *testing.T) {
		f := newFixture(t, Config{})
		probe := f.hub.Connect()
		defer probe.Close()
		mustSubscribe(t, probe, f.sub("posts/*", "", ""))
		recs := f.write(f.posts, false, map[string]any{"title": "one"}, map[string]any{"title": "two"})
		next(t, probe)
		next(t, probe) // both creates are dispatched: c will not see them
		c := f.hub.Connect()
		defer c.Close()
		s := f.sub("posts/x", "", "")
		s.Group = "one record"
		plan := s.Plan
		s.Plan = func(snap *store.Snapshot) (*Plan, error) {
			p, err := plan(snap)
			p.RecordID = recs[1].ID()
			return p, err
		}
		mustSubscribe(t, c, s)
		f.hub.Publish(store.Change{Action: store.ActionUpdate, Collection: f.posts, Record: recs[0]})
		f.hub.Publish(store.Change{Action: store.ActionUpdate, Collection: f.posts, Record: recs[1]})
		if m := next(t, c); m.Payload != "update:two" {
			t.Fatalf("got %q, want update:two", m.Payload)
		}
	})
}

func TestHub_Rules(t *testing.T) {
	t.Run("an owner-only rule evaluated in memory hides others' records", func(t *testing.T) {
		f := newFixture(t, Config{})
		u1, u2 := f.hub.Connect(), f.hub.Connect()
		defer u1.Close()
		defer u2.Close()
		mustSubscribe(t, u1, f.sub("posts/*", "u1", "owner = @request.auth.id"))
		mustSubscribe(t, u2, f.sub("posts/*", "u2", "owner = @request.auth.id"))
		f.write(f.posts, false, map[string]any{"title": "of u2", "owner": "u2"}, map[string]any{"title": "of u1", "owner": "u1"})
		if m := next(t, u1); m.Payload != "create:of u1" {
			t.Fatalf("u1 got %q", m.Payload)
		}
		if m := next(t, u2); m.Payload != "create:of u2" {
			t.Fatalf("u2 got %q", m.Payload)
		}
		f.write(f.posts, false, map[string]any{"title": "marker", "owner": "u1"})
		if m := next(t, u1); m.Payload != "create:marker" {
			t.Fatalf("u1 got %q, want the marker", m.Payload)
		}
	})
	t.Run("a rule that needs the database is checked in one batched query", func(t *testing.T) {
		f := newFixture(t, Config{})
		alice := f.write(f.users, false, map[string]any{"name": "alice"})[0]
		bob := f.write(f.users, false, map[string]any{"name": "bob"})[0]
		rule := `owner.name = "alice"`
		var clients []*Client
		for i := range 3 {
			c := f.hub.Connect()
			defer c.Close()
			// distinct groups, so the check really runs for several subscribers
			mustSubscribe(t, c, f.sub("posts/*", fmt.Sprint("u", i), rule))
			clients = append(clients, c)
		}
		f.write(f.posts, false, map[string]any{"title": "bob's", "owner": bob.ID()}, map[string]any{"title": "alice's", "owner": alice.ID()})
		for _, c := range clients {
			if m := next(t, c); m.Payload != "create:alice's" {
				t.Fatalf("got %q, want only alice's post", m.Payload)
			}
		}
	})
	t.Run("a delete is checked against the record as it was", func(t *testing.T) {
		f := newFixture(t, Config{})
		c := f.hub.Connect()
		defer c.Close()
		mustSubscribe(t, c, f.sub("posts/*", "u", `owner.name = "alice"`))
		alice := f.write(f.users, false, map[string]any{"name": "alice"})[0]
		post := f.write(f.posts, false, map[string]any{"title": "gone", "owner": alice.ID()})[0]
		if m := next(t, c); m.Payload != "create:gone" {
			t.Fatalf("got %q, want create:gone", m.Payload)
		}
		if err := f.st.Tx(context.Background(), func(tx *store.Tx) error {
			tx.RecordChange(store.Change{Action: store.ActionDelete, Collection: f.posts, Record: post})
			return tx.DeleteRecord(context.Background(), f.posts, post.ID())
		}); err != nil {
			t.Fatal(err)
		}
		if m := next(t, c); m.Payload != "delete:gone" {
			t.Fatalf("got %q, want delete:gone", m.Payload)
		}
	})
	t.Run("a locked rule denies everything", func(t *testing.T) {
		f := newFixture(t, Config{})
		c := f.hub.Connect()
		defer c.Close()
		locked := f.sub("posts/*", "u", "")
		plan := locked.Plan
		locked.Group = "locked"
		locked.Plan = func(snap *store.Snapshot) (*Plan, error) {
			p, err := plan(snap)
			p.Check.Deny = true
			return p, err
		}
		mustSubscribe(t, c, locked, f.sub("open", "u", ""))
		f.write(f.posts, false, map[string]any{"title": "x"})
		if m := next(t, c); m.Topic != "open" {
			t.Fatalf("got a message on %q", m.Topic)
		}
	})
}

func TestHub_SlowConsumerIsDropped(t *testing.T) {
	f := newFixture(t, Config{QueueSize: 2})
	slow, fast := f.hub.Connect(), f.hub.Connect()
	defer fast.Close()
	mustSubscribe(t, slow, f.sub("posts/*", "", ""))
	mustSubscribe(t, fast, f.sub("posts/*", "", ""))
	for i := range 5 {
		f.write(f.posts, false, map[string]any{"title": fmt.Sprint(i)})
		if m := next(t, fast); m.Payload != fmt.Sprint("create:", i) {
			t.Fatalf("fast client got %q", m.Payload)
		}
	}
	<-slow.Done()
	if !errors.Is(slow.Err(), ErrSlowConsumer) {
		t.Fatalf("slow client ended with %v, want ErrSlowConsumer", slow.Err())
	}
	if f.hub.Client(slow.ID()) != nil {
		t.Fatal("a dropped client is still registered")
	}
}

func TestHub_SubscriptionEndsWhenItsCollectionIsRemoved(t *testing.T) {
	f := newFixture(t, Config{})
	c := f.hub.Connect()
	defer c.Close()
	mustSubscribe(t, c, f.sub("live", "", ""))
	if err := f.st.DeleteCollection(context.Background(), "posts", nil); err != nil {
		t.Fatalf("delete collection: %v", err)
	}
	m := next(t, c)
	if m.Topic != "live" || m.Err == nil {
		t.Fatalf("got %+v, want an error ending topic live", m)
	}
}

func TestClient_Claim(t *testing.T) {
	f := newFixture(t, Config{})
	c := f.hub.Connect()
	defer c.Close()
	for _, step := range []struct {
		key  string
		want bool
	}{{"", true}, {"users/u1", true}, {"users/u1", true}, {"", false}, {"users/u2", false}} {
		if got := c.Claim(step.key); got != step.want {
			t.Fatalf("Claim(%q) = %v, want %v", step.key, got, step.want)
		}
	}
}

func TestHub_TopicLimits(t *testing.T) {
	f := newFixture(t, Config{MaxTopics: 2, MaxTopicLength: 10})
	c := f.hub.Connect()
	defer c.Close()
	if err := c.Subscribe([]Subscription{f.sub("a", "", ""), f.sub("b", "", ""), f.sub("c", "", "")}); !errors.Is(err, ErrTooManyTopics) {
		t.Fatalf("3 topics: %v", err)
	}
	if err := c.Subscribe([]Subscription{f.sub("0123456789ab", "", "")}); !errors.Is(err, ErrTopicTooLong) {
		t.Fatalf("long topic: %v", err)
	}
}

func TestHub_CloseEndsClients(t *testing.T) {
	f := newFixture(t, Config{})
	c := f.hub.Connect()
	f.hub.Close()
	<-c.Done()
	if !errors.Is(c.Err(), ErrClosed) {
		t.Fatalf("got %v", c.Err())
	}
	if late := f.hub.Connect(); late.Err() == nil {
		t.Fatal("a client connected after Close")
	}
}
