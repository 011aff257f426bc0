package e2e

import (
	"fmt"
	"testing"
)

// Subscribers running the same operation share one executed result per
// change — but only within one identity: on an owner-only rule each user
// receives exactly their own events, with the related record as they may
// see it, in commit order.
func TestRealtimeGraphQL_SharedResultsPerIdentity(t *testing.T) {
	e := newRealtimeEnv(t)
	forBothProtocols(t, func(t *testing.T, proto string) {
		const q = `subscription { postsEvents { action record { title owner { email } } } }`
		type sub struct {
			w     *gqlWS
			owner string
			email string
		}
		var subs []sub
		for i := 0; i < 3; i++ { // several sockets per identity run the same document
			for _, u := range []struct{ tok, id, email string }{{e.tokA, e.idA, "a@example.com"}, {e.tokB, e.idB, "b@example.com"}} {
				w := e.s.DialGQL(t, proto, map[string]any{"Authorization": u.tok})
				w.subscribe("s", q)
				w.Do(`{ __typename }`, nil)
				subs = append(subs, sub{w, u.id, u.email})
			}
		}
		for i := 0; i < 10; i++ {
			owner := e.idA
			if i%3 == 0 {
				owner = e.idB
			}
			e.post(t, fmt.Sprintf("%s-%d", owner, i), owner)
		}
		for _, s := range subs {
			for i := 0; i < 10; i++ {
				owner := e.idA
				if i%3 == 0 {
					owner = e.idB
				}
				if owner != s.owner {
					continue
				}
				p := s.w.next("s")
				if got := pick(p, "data", "postsEvents", "record", "title"); got != fmt.Sprintf("%s-%d", owner, i) {
					t.Fatalf("%s: want post %d, got %s", s.email, i, asJSON(p))
				}
				if got := pick(p, "data", "postsEvents", "record", "owner", "email"); got != s.email {
					t.Fatalf("%s: owner %v", s.email, got)
				}
			}
		}
		// nothing else arrived: the next message on each socket is this query's answer
		for _, s := range subs {
			if out := s.w.Do(`{ __typename }`, nil); pick(out, "data", "__typename") == nil {
				t.Fatalf("%s: an event of another identity arrived: %s", s.email, asJSON(out))
			}
		}
	})
}
