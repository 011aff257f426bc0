package rules

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

func strp(s string) *string { return &s }

// fixtureTables is the schema every test compiles against.
func fixtureTables() []*Table {
	return []*Table{
		{Name: "users", ListRule: strp(""), ViewRule: strp(""), Auth: true, Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "name", Type: "text"}, {Name: "email", Type: "email"},
			{Name: "verified", Type: "bool"}, {Name: "emailVisibility", Type: "bool"},
			{Name: "role", Type: "select"}, {Name: "team", Type: "relation", Target: "teams"},
			{Name: "tokenKey", Type: "text", Hidden: true}, {Name: "password", Type: "password", Hidden: true},
		}},
		{Name: "teams", ListRule: strp(`name != "secret"`), Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "name", Type: "text"},
			{Name: "members", Type: "relation", Target: "users", Multi: true},
		}},
		{Name: "posts", ListRule: strp(""), Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "title", Type: "text"}, {Name: "body", Type: "editor"},
			{Name: "views", Type: "number"}, {Name: "published", Type: "bool"}, {Name: "created", Type: "autodate"},
			{Name: "author", Type: "relation", Target: "users"},
			{Name: "tags", Type: "select", Multi: true},
			{Name: "categories", Type: "relation", Target: "categories", Multi: true},
			{Name: "meta", Type: "json"}, {Name: "geo", Type: "geoPoint"},
			{Name: "secret", Type: "text", Hidden: true},
			{Name: "files", Type: "file", Multi: true},
			{Name: "vault", Type: "relation", Target: "vaults"},
		}},
		{Name: "categories", ListRule: strp(""), Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "name", Type: "text"},
		}},
		{Name: "comments", ListRule: strp("approved = true"), Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "post", Type: "relation", Target: "posts"},
			{Name: "message", Type: "text"}, {Name: "author", Type: "relation", Target: "users"},
			{Name: "approved", Type: "bool"},
		}},
		{Name: "likes", ListRule: strp(""), Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "post", Type: "relation", Target: "posts", Unique: true},
			{Name: "count", Type: "number"},
		}},
		{Name: "members", ListRule: nil, Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "user", Type: "relation", Target: "users"},
			{Name: "team", Type: "relation", Target: "teams"}, {Name: "role", Type: "text"},
		}},
		{Name: "vaults", ListRule: nil, Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "name", Type: "text"},
		}},
		{Name: "admins", ListRule: strp(""), Auth: true, Fields: []Column{
			{Name: "id", Type: "text"}, {Name: "email", Type: "email"},
		}},
	}
}

var fixtureNow = time.Date(2024, 5, 15, 10, 20, 30, 123e6, time.UTC)

func fixtureRequest() *Request {
	return &Request{
		Auth: map[string]any{"id": "u1", "collectionId": "pbc_users", "collectionName": "users",
			"email": "ann@example.com", "verified": true, "emailVisibility": false,
			"name": "Ann", "role": "admin", "team": "t1"},
		AuthTable: "users",
		Body: map[string]any{"title": "Hello", "views": "42", "tags": []any{"go", "db"},
			"author": "u2", "meta": map[string]any{"a": map[string]any{"b": 1}}, "published": true},
		Query:   map[string]string{"q": "hello"},
		Headers: map[string]string{"x_token": "abc"},
		Method:  "POST",
		Context: "default",
	}
}

// fixtureResolverAs is fixtureResolver with the caller's record (id u1)
// in authTable instead of users.
func fixtureResolverAs(root string, access Access, authTable string) *TableResolver {
	r := fixtureResolver(root, access)
	if authTable != "" {
		r.Req.AuthTable = authTable
		r.Req.Auth["collectionName"] = authTable
	}
	return r
}

func fixtureResolver(root string, access Access) *TableResolver {
	tables := fixtureTables()
	r := &TableResolver{Tables: tables, Req: fixtureRequest(), Access: access,
		Clock: func() time.Time { return fixtureNow }}
	r.Table, _ = r.LookupTable(root)
	return r
}

// sqlType is the declared column type per §4.3, so SQLite applies the same
// affinity as in production.
func sqlType(c Column) string {
	switch {
	case c.Name == "id":
		return "TEXT PRIMARY KEY NOT NULL"
	case c.Multi:
		return "JSON DEFAULT '[]'"
	case c.Type == "number":
		return "NUMERIC DEFAULT 0 NOT NULL"
	case c.Type == "bool":
		return "BOOLEAN DEFAULT FALSE NOT NULL"
	case c.Type == "json":
		return "JSON DEFAULT NULL"
	case c.Type == "geoPoint":
		return `JSON DEFAULT '{"lon":0,"lat":0}'`
	case c.Type == "select", c.Type == "relation", c.Type == "file":
		return "TEXT DEFAULT ''"
	}
	return "TEXT DEFAULT '' NOT NULL"
}

var fixtureRows = []string{
	`INSERT INTO users (id, name, email, verified, role, team, tokenKey) VALUES
	 ('u1','Ann','ann@example.com',1,'admin','t1','k1'),
	 ('u2','Bob','bob@example.com',0,'user','t2','k2'),
	 ('u3','cat','',1,'user','','k3')`,
	`INSERT INTO teams (id, name, members) VALUES ('t1','core','["u1","u2"]'), ('t2','secret','["u2"]')`,
	`INSERT INTO categories (id, name) VALUES ('c1','News'), ('c2','Tech'), ('c3','100%_real')`,
	`INSERT INTO posts (id, title, body, views, published, created, author, tags, categories, meta, geo, secret, files) VALUES
	 ('p1','Hello world','<p>hi</p>',10,1,'2024-05-15 09:00:00.000Z','u1','["go","db"]','["c1","c2"]','{"a":{"b":1},"list":[1,2,3],"name":"X"}','{"lon":23.32,"lat":42.69}','s1','["a.png"]'),
	 ('p2','Second','',0,0,'2024-05-14 10:00:00.000Z','u2','["go"]','["c2"]',NULL,'{"lon":0,"lat":0}','','[]'),
	 ('p3','','body 100%',5.5,1,'2023-12-31 23:59:59.999Z','','[]','[]','{"a":{"b":2}}','{"lon":23.3,"lat":42.7}','s3','[]'),
	 ('p4','hello_there','x',42,0,'2024-05-01 00:00:00.000Z','u3','["DB","web"]','["c3"]','{"a":{"b":"1"},"name":"x"}','{"lon":-0.12,"lat":51.5}','','["b.txt","c.txt"]'),
	 ('p5','Hello','',-3,1,'2024-06-01 00:00:00.000Z','u1','["go","go"]','["c1","zz"]','[]','{"lon":2.35,"lat":48.85}','','[]')`,
	`INSERT INTO comments (id, post, message, author, approved) VALUES
	 ('m1','p1','Nice','u2',1), ('m2','p1','Meh','u3',0), ('m3','p2','Nice too','u1',1), ('m4','p4','ok','u1',1)`,
	`INSERT INTO likes (id, post, count) VALUES ('l1','p1',3), ('l2','p2',0)`,
	`INSERT INTO members (id, user, team, role) VALUES ('mb1','u1','t1','owner'), ('mb2','u2','t1','member'), ('mb3','u2','t2','owner')`,
}

// openFixtureDB creates the fixture tables and rows in a fresh SQLite file.
func openFixtureDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", t.TempDir()+"/fixture.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, tb := range fixtureTables() {
		cols := make([]string, len(tb.Fields))
		for i, c := range tb.Fields {
			cols[i] = QuoteIdent(c.Name) + " " + sqlType(c)
		}
		if _, err := db.Exec(fmt.Sprintf("CREATE TABLE %s (%s)", QuoteIdent(tb.Name), strings.Join(cols, ", "))); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range fixtureRows {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// postRows reads every post as SQLite returns it.
func postRows(t testing.TB, db *sql.DB) []MapRecord {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM posts ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []MapRecord
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := MapRecord{}
		for i, c := range cols {
			rec[c] = vals[i]
		}
		out = append(out, rec)
	}
	return out
}
