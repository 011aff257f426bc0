package rules

import "strings"

// The caller's identity is its auth collection and its id, not the id
// alone. Auth record ids are unique across auth collections (the record
// service refuses a duplicate), but data written before that check, or
// behind the API's back, may hold one id in two auth collections; then
// `owner = @request.auth.id` would take a record of one for the other.
// So an operand known to name records of an auth collection other than
// the caller's never equals @request.auth.id: `=` and `?=` are false, `!=`
// and `?!=` true, whatever the values. Everything else keeps PocketBase's
// meaning: text fields, the ids of base collections and relations to
// them compare by value (a profile that shares its user's id still works).
// Compile and Eval both decide through identityVerdict, so SQL and the
// in-memory check agree.

// idRef says whose record ids an operand holds.
type idRef struct {
	auth     string // the auth collection whose record ids the operand holds ("" = not known to hold any)
	identity bool   // the operand is @request.auth.id, the caller's own id in auth
}

// columnRef is the idRef of column col of table t read with modifier: a
// relation to an auth collection, or the id of an auth collection's record.
// A modifier other than :each makes the operand plain text (or a count).
func columnRef(r FieldResolver, t *Table, col *Column, modifier string) idRef {
	if col == nil || (modifier != "" && modifier != "each") {
		return idRef{}
	}
	switch {
	case col.Type == "relation":
		if target, ok := r.LookupTable(col.Target); ok && target.Auth {
			return idRef{auth: target.Name}
		}
	case col.Name == "id" && t != nil && t.Auth:
		return idRef{auth: t.Name}
	}
	return idRef{}
}

// requestRef is the idRef of @request.<segs>, where requestLookup found col
// (nil for @request.auth.id and the other fixed keys).
func requestRef(req *Request, r FieldResolver, segs []string, col *Column, modifier string) idRef {
	if req == nil || len(segs) < 2 {
		return idRef{}
	}
	if segs[0] == "auth" && segs[1] == "id" && len(segs) == 2 {
		if req.Auth == nil || req.AuthTable == "" || modifier != "" {
			return idRef{}
		}
		return idRef{auth: req.AuthTable, identity: true}
	}
	var t *Table // @request.body.id is an id of the root table
	if segs[0] == "body" {
		t, _ = r.Root()
	}
	return columnRef(r, t, col, modifier)
}

// identityVerdict is the answer of a comparison with base operator op
// between l and r when one is the caller's identity and the other names
// records of another auth collection (fixed); otherwise fixed is false and
// the comparison is made on the values.
func identityVerdict(op Op, l, r idRef) (result, fixed bool) {
	if !otherIdentity(l, r) && !otherIdentity(r, l) {
		return false, false
	}
	switch op {
	case OpEq:
		return false, true
	case OpNeq:
		return true, true
	}
	return false, false // ordering and LIKE compare text, as in PocketBase
}

// otherIdentity reports whether id is the caller's identity and other names
// records of a different auth collection.
func otherIdentity(id, other idRef) bool {
	return id.identity && other.auth != "" && !strings.EqualFold(id.auth, other.auth)
}

// fixedCond is the SQL of a comparison whose answer is known.
func fixedCond(result bool) frag {
	if result {
		return frag{sql: "(1=1)"}
	}
	return frag{sql: "(1=0)"}
}
