package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/monobase/monobase/schema"
)

// An auth record's id must be unique across all auth collections, as in
// PocketBase: rules compare @request.auth.id with stored ids, so a record
// of one auth collection that took the id of a record of another would be
// taken for it. SQLite's primary key keeps ids unique inside one table;
// these look-ups cover the others.

// AuthIDOwner returns the name of the first of auths holding a record with
// the given id ("" when none). Run inside the write transaction that adds
// the record, its answer holds until the commit: there is one writer.
func AuthIDOwner(ctx context.Context, db Querier, auths []*schema.Collection, id string) (string, error) {
	if len(auths) == 0 {
		return "", nil
	}
	parts := make([]string, len(auths))
	args := make([]any, 0, 2*len(auths))
	for i, c := range auths {
		parts[i] = `SELECT ? FROM ` + q(c.Name) + ` WHERE "id" = ?`
		args = append(args, c.Name, id)
	}
	var owner string
	err := db.QueryRowContext(ctx, strings.Join(parts, " UNION ALL ")+" LIMIT 1", args...).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up auth record id: %w", err)
	}
	return owner, nil
}

// AuthIDClash is an id held by records of two auth collections.
type AuthIDClash struct {
	ID          string
	Collections [2]string // the collections' names
}

// AuthIDClashes lists, up to limit, the ids that records of two of auths
// share: data written before ids were checked across auth collections, or
// behind the API's back. Each pair of collections is one join on the
// primary keys, so the cost grows with the smaller table of each pair.
func AuthIDClashes(ctx context.Context, db Querier, auths []*schema.Collection, limit int) ([]AuthIDClash, error) {
	var out []AuthIDClash
	for i, a := range auths {
		for _, b := range auths[i+1:] {
			if len(out) >= limit {
				return out, nil
			}
			ids, err := sharedIDs(ctx, db, a.Name, b.Name, limit-len(out))
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				out = append(out, AuthIDClash{ID: id, Collections: [2]string{a.Name, b.Name}})
			}
		}
	}
	return out, nil
}

func sharedIDs(ctx context.Context, db Querier, a, b string, limit int) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT "a"."id" FROM `+q(a)+` AS "a" JOIN `+q(b)+` AS "b" ON "b"."id" = "a"."id" ORDER BY "a"."id" LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("ids shared by %s and %s: %w", a, b, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("ids shared by %s and %s: %w", a, b, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ids shared by %s and %s: %w", a, b, err)
	}
	return ids, nil
}
