package e2e

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// TestBackups_GraphQL: the system API lists, creates, deletes and
// restores backups, for superusers only.
func TestBackups_GraphQL(t *testing.T) {
	s := StartServer(t)
	admin := backupApp(t, s)
	addNote(t, s, "gql")
	if r := s.GQL(t, "", `{ backups { key } }`, nil); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("guest: %s", r.raw)
	}
	if r := s.GQL(t, admin, `mutation { createBackup(name: "Bad Name") }`, nil); r.code() != "BAD_USER_INPUT" || !strings.Contains(r.raw, "validation_match_invalid") {
		t.Fatalf("bad name: %s", r.raw)
	}
	s.GQLOK(t, admin, `mutation { createBackup(name: "g.zip") }`, nil)
	s.GQLOK(t, admin, `mutation { createBackup }`, nil)
	data := s.GQLOK(t, admin, `{ backups { key size modified } }`, nil)
	list, _ := data["backups"].([]any)
	if len(list) != 2 || pick(list[0], "key") != "g.zip" || pick(list[0], "size").(float64) <= 0 {
		t.Fatalf("backups: %v", data)
	}
	addNote(t, s, "gone")
	ws := s.DialGQL(t, "graphql-transport-ws", nil)
	s.GQLOK(t, admin, `mutation { restoreBackup(key: "g.zip") }`, nil)
	if got := noteState(t, s); got != "gql" {
		t.Fatalf("after restoreBackup: %s", got)
	}
	// a websocket of the old app is closed; a new one talks to the restored app
	ws.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := ws.c.ReadMessage(); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("the websocket of the old app stayed open after the restore")
			}
			break
		}
	}
	ws2 := s.DialGQL(t, "graphql-transport-ws", nil)
	if got := ws2.Do(`{ notes { title } }`, nil); fmt.Sprint(got["data"]) != "map[notes:[map[title:gql]]]" {
		t.Fatalf("over a new websocket: %v", got)
	}
	s.GQLOK(t, admin, `mutation { deleteBackup(key: "g.zip") }`, nil)
	if r := s.GQL(t, admin, `mutation { deleteBackup(key: "g.zip") }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("deleting it again: %s", r.raw)
	}
}
