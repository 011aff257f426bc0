package realtime

import (
	"context"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/store"
)

// Subscription is one topic a client listens to. The hub calls Plan with
// the current collections when the subscription starts and again after
// every schema change, so rules and fields always match the live schema.
type Subscription struct {
	// Topic is the name each message is delivered under (PocketBase: the
	// exact subscription string; GraphQL: the operation's own id).
	Topic string
	// Group identifies subscriptions that are checked and encoded alike:
	// same transport, identity, collection, record and options. The hub
	// plans, checks and encodes once per group and change; subscriptions
	// of one group must have equivalent Plan functions.
	Group string
	// Plan says what the subscription matches under snap. A nil plan
	// without error leaves the subscription dormant (e.g. a topic naming no
	// collection: it only receives custom messages). An error ends the
	// subscription: its client gets a Message with Err set.
	Plan func(snap *store.Snapshot) (*Plan, error)
}

// Plan is a subscription resolved against one schema version.
type Plan struct {
	// Collection is the id of the collection whose changes match.
	Collection string
	// RecordID limits the plan to one record; "" matches every record.
	RecordID string
	// Check decides whether a matching change may be seen.
	Check Check
	// Encode builds the payload of a visible change (shared, read-only, by
	// every subscription of the group). An error skips the change for the
	// group: PocketBase silently skips what it cannot encode.
	Encode func(ctx context.Context, ch store.Change) (any, error)
}

// Check decides whether a change is visible to a subscriber. The zero
// value lets everything through (a superuser, an empty rule).
type Check struct {
	// Deny lets nothing through (a locked rule for a non-superuser).
	Deny bool
	// Conds must all hold on the changed record.
	Conds []Cond
}

// Cond is a compiled expression (an API rule or a client filter) with the
// subscriber's view of names: its identity in @request.auth, its options
// in @request.query and @request.headers, @request.context "realtime".
// The hub evaluates it in memory with rules.Eval and, when that needs the
// database, compiles it with rules.Compile into one query shared by every
// subscriber of the change.
type Cond struct {
	Expr     rules.Expr
	Resolver rules.FieldResolver
}

// Message is one delivery to a client.
type Message struct {
	// Topic is the subscription's Topic.
	Topic string
	// Payload is what the group's Encode returned; shared, do not modify.
	Payload any
	// Err, when set, ends the subscription Topic (its collection or a
	// field it needs was removed); Payload is nil.
	Err error
}
