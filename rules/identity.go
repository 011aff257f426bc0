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

// idRef says whose record ids an operand may hold. The column's target is
// looked up only when the other operand is the caller's identity, so other
// comparisons pay nothing.
type idRef struct {
	identity string  // the operand is @request.auth.id: the caller's auth collection
	table    *Table  // the operand reads column col of table (table may be nil)
	col      *Column // nil: not a column that can hold record ids
}

// columnRef is the idRef of column col of table t read with modifier. A
// modifier other than :each makes the operand plain text (or a count), and
// so does naming a multi-value field bare (its JSON text).
func columnRef(t *Table, col *Column, modifier string) idRef {
	if col == nil {
		return idRef{}
	}
	switch fieldModifier(col, modifier) {
	case "each":
	case "":
		if col.Multi {
			return idRef{}
		}
	default:
		return idRef{}
	}
	return idRef{table: t, col: col}
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
		return idRef{identity: req.AuthTable}
	}
	var t *Table // @request.body.id is an id of the root table
	if segs[0] == "body" {
		t, _ = r.Root()
	}
	return columnRef(t, col, modifier)
}

// authOf is the auth collection whose record ids ref holds: a relation to
// an auth collection, or the id of an auth collection's record ("" when
// neither).
func (ref idRef) authOf(r FieldResolver) string {
	switch {
	case ref.col == nil:
	case ref.col.Type == "relation":
		if target, ok := r.LookupTable(ref.col.Target); ok && target.Auth {
			return target.Name
		}
	case ref.col.Name == "id" && ref.table != nil && ref.table.Auth:
		return ref.table.Name
	}
	return ""
}

// identityVerdict is the answer of a comparison with base operator op
// between l and r when one is the caller's identity and the other names
// records of another auth collection (fixed); otherwise fixed is false and
// the comparison is made on the values.
func identityVerdict(res FieldResolver, op Op, l, r idRef) (result, fixed bool) {
	if op != OpEq && op != OpNeq {
		return false, false // ordering and LIKE compare text, as in PocketBase
	}
	if !otherIdentity(res, l, r) && !otherIdentity(res, r, l) {
		return false, false
	}
	return op == OpNeq, true
}

// otherIdentity reports whether id is the caller's identity and other names
// records of a different auth collection.
func otherIdentity(res FieldResolver, id, other idRef) bool {
	if id.identity == "" || other.col == nil {
		return false
	}
	auth := other.authOf(res)
	return auth != "" && !strings.EqualFold(auth, id.identity)
}

// fixedCond is the SQL of a comparison whose answer is known.
func fixedCond(result bool) frag {
	if result {
		return frag{sql: "(1=1)"}
	}
	return frag{sql: "(1=0)"}
}
