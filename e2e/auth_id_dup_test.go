package e2e

import (
	"database/sql"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// dupFixture is a server whose data holds one id in two auth collections:
// the victim's in users and an attacker's in guests, written behind the
// API's back (as data from before the id check could hold).
type dupFixture struct {
	s                   *Server
	attacker, victim    string // tokens
	ownedNote, fileName string // the victim's note and its protected file
	grantedNote         string // a note shared with the victim through grants
}

func newDupFixture(t *testing.T) *dupFixture {
	s := StartServer(t)
	authIDCollections(t, s)
	su := s.AdminToken(t)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", su, `{"name":"notes","fields":[{"name":"title","type":"text"},
		{"name":"public","type":"bool"},{"name":"owner","type":"relation","collectionId":"users","maxSelect":1},
		{"name":"doc","type":"file","maxSelect":1,"protected":true}]}`)
	s.MustDo(t, 200, http.MethodPost, "/api/collections", su, `{"name":"grants","fields":[
		{"name":"note","type":"relation","collectionId":"notes","maxSelect":1},{"name":"user","type":"relation","collectionId":"users","maxSelect":1}]}`)
	// one term Eval decides in memory, one that needs SQL (a back-relation)
	read := `"public = true || owner = @request.auth.id || grants_via_note.user ?= @request.auth.id"`
	s.MustDo(t, 200, http.MethodPatch, "/api/collections/notes", su, `{"listRule":`+read+`,"viewRule":`+read+`,"updateRule":"owner = @request.auth.id"}`)

	f := &dupFixture{s: s}
	res := s.DoMultipart(t, http.MethodPost, "/api/collections/notes/records", su,
		formValue("title", "owned-note"), formValue("owner", victimID), formFile("doc", "secret.txt", []byte("victim secret")))
	var note struct{ ID, Doc string }
	res.Decode(t, &note)
	f.ownedNote, f.fileName = note.ID, note.Doc
	s.MustDo(t, 200, http.MethodPost, "/api/collections/notes/records", su, map[string]any{"title": "granted-note"}).Decode(t, &note)
	f.grantedNote = note.ID
	s.MustDo(t, 200, http.MethodPost, "/api/collections/grants/records", su, map[string]any{"note": f.grantedNote, "user": victimID})

	var attacker struct{ ID string }
	s.MustDo(t, 200, http.MethodPost, "/api/collections/guests/records", "", signUp("", "attacker@example.com")).Decode(t, &attacker)
	s.Stop(t)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(s.Dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE "guests" SET "id" = ? WHERE "id" = ?`, victimID, attacker.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	f.s = StartServerIn(t, s.Dir)
	f.attacker = f.s.Login(t, "guests", "attacker@example.com", "attacker-password")
	f.victim = f.s.Login(t, "users", "victim@example.com", "victim-password")
	if recordID(t, f.s, f.attacker) != victimID {
		t.Fatal("the attacker does not have the victim's id")
	}
	return f
}

func TestAuthID_DuplicateIDsInDataAreTwoIdentities(t *testing.T) {
	f := newDupFixture(t)
	s := f.s
	note := func(id string) string { return "/api/collections/notes/records/" + id }
	victim := "/api/collections/users/records/" + victimID

	t.Run("REST", func(t *testing.T) {
		s.Run(t, map[string]string{"attacker": f.attacker, "victim": f.victim}, []Scenario{
			{Name: "attacker lists no note", Method: "GET", Path: "/api/collections/notes/records", As: "attacker", Status: 200, Contains: []string{`"totalItems":0`}},
			{Name: "attacker cannot view the owned note", Method: "GET", Path: note(f.ownedNote), As: "attacker", Status: 404},
			{Name: "attacker cannot view the granted note", Method: "GET", Path: note(f.grantedNote), As: "attacker", Status: 404},
			{Name: "attacker cannot update the owned note", Method: "PATCH", Path: note(f.ownedNote), As: "attacker", Body: `{"title":"pwned"}`, Status: 404},
			{Name: "attacker lists no user", Method: "GET", Path: "/api/collections/users/records", As: "attacker", Status: 200, Contains: []string{`"totalItems":0`}},
			{Name: "attacker cannot view the victim", Method: "GET", Path: victim, As: "attacker", Status: 404},
			{Name: "attacker cannot update the victim", Method: "PATCH", Path: victim, As: "attacker", Body: `{"name":"pwned"}`, Status: 404},
			{Name: "attacker still views its own record", Method: "GET", Path: "/api/collections/guests/records/" + victimID, As: "attacker", Status: 200, Contains: []string{"attacker@example.com"}},
			{Name: "victim lists both notes", Method: "GET", Path: "/api/collections/notes/records", As: "victim", Status: 200, Contains: []string{`"totalItems":2`, "owned-note", "granted-note"}},
			{Name: "nothing was changed", Method: "GET", Path: note(f.ownedNote), As: "victim", Status: 200, Contains: []string{"owned-note"}, NotContains: []string{"pwned"}},
		})
	})
	t.Run("GraphQL", func(t *testing.T) {
		d := s.GQLOK(t, f.attacker, `query($id: ID!) { notes { title } users { id } notesByPk(id: $id) { title } }`, map[string]any{"id": f.ownedNote})
		if got := asJSON(d); got != `{"notes":[],"notesByPk":null,"users":[]}` {
			t.Fatalf("attacker reads %s", got)
		}
		for name, q := range map[string]string{
			"updateNotesByPk": `mutation($id: ID!) { updateNotesByPk(id: $id, set: {title: "pwned"}) { id } }`,
			"updateUsersByPk": `mutation($id: ID!) { updateUsersByPk(id: $id, set: {name: "pwned"}) { id } }`,
		} {
			id := f.ownedNote
			if name == "updateUsersByPk" {
				id = victimID
			}
			if r := s.GQL(t, f.attacker, q, map[string]any{"id": id}); r.code() != "NOT_FOUND" {
				t.Errorf("%s: %s", name, r.raw)
			}
		}
	})
	t.Run("protected file with a file token", func(t *testing.T) {
		path := "/api/files/notes/" + f.ownedNote + "/" + f.fileName + "?token="
		var tok struct{ Token string }
		s.MustDo(t, 200, http.MethodPost, "/api/files/token", f.attacker, nil).Decode(t, &tok)
		if got := s.Get(t, path+tok.Token, nil); got.Status != 404 {
			t.Fatalf("attacker's file token: %d %q", got.Status, got.Body)
		}
		s.MustDo(t, 200, http.MethodPost, "/api/files/token", f.victim, nil).Decode(t, &tok)
		if got := s.Get(t, path+tok.Token, nil); got.Status != 200 || got.Body != "victim secret" {
			t.Fatalf("victim's file token: %d %q", got.Status, got.Body)
		}
	})
	t.Run("realtime", func(t *testing.T) {
		f.realtimeSeesOnlyThePublicNote(t)
	})

	s.Stop(t) // the start-up warning is all in the output once the process ended
	out := s.Output()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, victimID) || !strings.Contains(out, "guests") || !strings.Contains(out, "users") {
		t.Fatalf("no start-up warning naming the duplicated id and its collections:\n%s", out)
	}
}

// realtimeSeesOnlyThePublicNote subscribes the attacker over SSE and a
// GraphQL websocket, then makes changes the victim may see (a note it
// owns, its own record, a note granted to it: the last needs the SQL
// check) followed by a public note: events keep commit order, so the
// attacker's first event must be the public note.
func (f *dupFixture) realtimeSeesOnlyThePublicNote(t *testing.T) {
	s, su := f.s, f.s.AdminToken(t)
	lines, cancel := sseLines(t, s)
	defer cancel()
	clientID := nextLine(t, lines, "id:")
	if ev := nextLine(t, lines, "event:"); ev != "PB_CONNECT" {
		t.Fatalf("SSE: first event %q", ev)
	}
	s.MustDo(t, 204, http.MethodPost, "/api/realtime", f.attacker, map[string]any{"clientId": clientID, "subscriptions": []string{"notes", "users/" + victimID}})
	ws := s.DialGQL(t, "graphql-transport-ws", map[string]any{"Authorization": f.attacker})
	ws.subscribe("ev", `subscription { notesEvents { action record { title } } }`)
	ws.Do(`{ __typename }`, nil) // the subscription is in place once this answers

	s.MustDo(t, 200, http.MethodPost, "/api/collections/notes/records", su, map[string]any{"title": "rt-owned", "owner": victimID})
	s.MustDo(t, 200, http.MethodPatch, "/api/collections/users/records/"+victimID, su, map[string]any{"name": "Victim 2"})
	s.MustDo(t, 200, http.MethodPatch, "/api/collections/notes/records/"+f.grantedNote, su, map[string]any{"title": "rt-granted"})
	s.MustDo(t, 200, http.MethodPost, "/api/collections/notes/records", su, map[string]any{"title": "rt-public", "public": true})

	if ev := nextLine(t, lines, "event:"); ev != "notes" {
		t.Fatalf("SSE: first event on %q", ev)
	}
	if data := nextLine(t, lines, "data:"); !strings.Contains(data, `"title":"rt-public"`) {
		t.Fatalf("SSE: first event %s", data)
	}
	if p := ws.next("ev"); pick(p, "data", "notesEvents", "record", "title") != "rt-public" {
		t.Fatalf("GraphQL: first event %s", asJSON(p))
	}
}
