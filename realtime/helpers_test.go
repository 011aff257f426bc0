package realtime

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// fixture is a store with two collections, users (name) and posts (title,
// owner → users), and a hub over it.
type fixture struct {
	t     *testing.T
	st    *store.Store
	hub   *Hub
	users *schema.Collection
	posts *schema.Collection
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st}
	// a fresh data dir has PocketBase's default users: this fixture brings its own
	if err := st.DeleteCollection(ctx, store.UsersName, nil); err != nil {
		t.Fatalf("delete the default users: %v", err)
	}
	f.users = f.collection(`{"name":"users","type":"base","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"}]}`)
	f.posts = f.collection(`{"name":"posts","type":"base","listRule":"","viewRule":"","fields":[{"name":"title","type":"text"},
		{"name":"owner","type":"relation","collectionId":"` + f.users.ID + `","maxSelect":1}]}`)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	f.hub = New(st, cfg)
	t.Cleanup(f.hub.Close)
	return f
}

func (f *fixture) collection(raw string) *schema.Collection {
	f.t.Helper()
	c, err := schema.DecodeCollection(f.st.FieldTypes(), []byte(raw))
	if err != nil {
		f.t.Fatalf("decode collection: %v", err)
	}
	if err := f.st.SaveCollection(context.Background(), c, nil); err != nil {
		f.t.Fatalf("save collection: %v", err)
	}
	return f.st.Collections().Find(c.Name)
}

// write inserts, in one transaction, a record per data map into c and
// publishes create changes; fail makes the transaction roll back.
func (f *fixture) write(c *schema.Collection, fail bool, rows ...map[string]any) []*store.Record {
	f.t.Helper()
	var out []*store.Record
	errRollback := errors.New("rollback")
	err := f.st.Tx(context.Background(), func(tx *store.Tx) error {
		for _, data := range rows {
			if data["id"] == nil {
				data["id"] = store.NewRecordID()
			}
			if err := tx.InsertRecord(context.Background(), c, data); err != nil {
				return err
			}
			rec, err := store.FindRecord(context.Background(), tx, c, data["id"].(string))
			if err != nil {
				return err
			}
			tx.RecordChange(store.Change{Action: store.ActionCreate, Collection: c, Record: rec})
			out = append(out, rec)
		}
		if fail {
			return errRollback
		}
		return nil
	})
	if err != nil && !(fail && errors.Is(err, errRollback)) {
		f.t.Fatalf("write: %v", err)
	}
	return out
}

// resolver is the rules' view of posts for a user id ("" = guest).
func (f *fixture) resolver(userID string, access rules.Access) *rules.TableResolver {
	users := &rules.Table{Name: "users", ListRule: strp(""), ViewRule: strp(""), Fields: []rules.Column{
		{Name: "id", Type: "text", Unique: true}, {Name: "name", Type: "text"}}}
	posts := &rules.Table{Name: "posts", ListRule: strp(""), ViewRule: strp(""), Fields: []rules.Column{
		{Name: "id", Type: "text", Unique: true}, {Name: "title", Type: "text"},
		{Name: "owner", Type: "relation", Target: "users"}}}
	req := &rules.Request{Context: "realtime", Method: "GET"}
	if userID != "" {
		req.Auth = map[string]any{"id": userID, "collectionName": "users"}
		req.AuthTable = "users"
	}
	return &rules.TableResolver{Table: posts, Tables: []*rules.Table{users, posts}, Req: req, Access: access}
}

func strp(s string) *string { return &s }

// sub is a subscription to every post, visible when rule holds for user;
// payloads are the record's title.
func (f *fixture) sub(topic, user, rule string) Subscription {
	return Subscription{Topic: topic, Group: user + "|" + rule, Plan: func(snap *store.Snapshot) (*Plan, error) {
		c := snap.Find("posts")
		if c == nil {
			return nil, errors.New("posts is gone")
		}
		p := &Plan{Collection: c.ID, Encode: func(_ context.Context, ch store.Change) (any, error) {
			return string(ch.Action) + ":" + ch.Record.String("title"), nil
		}}
		if rule != "" {
			expr, err := rules.Parse(rule)
			if err != nil {
				return nil, err
			}
			p.Check.Conds = []Cond{{Expr: expr, Resolver: f.resolver(user, rules.AccessRule)}}
		}
		return p, nil
	}}
}

// next waits for the client's next message.
func next(t *testing.T, c *Client) *Message {
	t.Helper()
	timeout := time.NewTimer(5 * time.Second)
	defer timeout.Stop()
	for {
		if msgs := c.Drain(nil); len(msgs) > 0 {
			if len(msgs) > 1 {
				// put back what the caller has not read yet
				c.mu.Lock()
				c.queue = append(msgs[1:], c.queue...)
				c.mu.Unlock()
				select {
				case c.ready <- struct{}{}:
				default:
				}
			}
			return msgs[0]
		}
		select {
		case <-c.Ready():
		case <-c.Done():
			t.Fatalf("client ended: %v", c.Err())
		case <-timeout.C:
			t.Fatalf("no message within 5s")
		}
	}
}

func mustSubscribe(t *testing.T, c *Client, subs ...Subscription) {
	t.Helper()
	if err := c.Subscribe(subs); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
}
