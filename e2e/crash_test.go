package e2e

import (
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite"
)

// TestCrash_SIGKILLKeepsAcknowledgedChanges kills the server with SIGKILL
// in the middle of a stream of collection changes and record writes, then
// checks that the database opens, passes integrity_check and holds every
// change the server acknowledged.
func TestCrash_SIGKILLKeepsAcknowledgedChanges(t *testing.T) {
	s := StartServer(t)
	tok := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", tok, `{"name":"events","createRule":"","listRule":"","fields":[{"name":"n","type":"number"}]}`)

	var (
		mu          sync.Mutex
		collections []string // acknowledged collection creations
		renamed     []string // acknowledged field additions (collection names)
		records     []string // acknowledged record ids
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { // a stream of collection changes
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := fmt.Sprintf("c%d", i)
			res, err := post(s, "POST", "/api/collections", tok, fmt.Sprintf(`{"name":%q,"fields":[{"name":"a","type":"text"}]}`, name))
			if err != nil || res != 200 {
				return
			}
			mu.Lock()
			collections = append(collections, name)
			mu.Unlock()
			res, err = post(s, "PATCH", "/api/collections/"+name, tok, `{"fields":[{"name":"a","type":"text"},{"name":"b","type":"number"}]}`)
			if err != nil || res != 200 {
				return
			}
			mu.Lock()
			renamed = append(renamed, name)
			mu.Unlock()
		}
	}()
	for w := 0; w < 2; w++ { // two streams of record writes
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("%015d", i)
				id = fmt.Sprintf("w%d%s", w, id[2:])
				res, err := post(s, "POST", "/api/collections/events/records", "", fmt.Sprintf(`{"id":%q,"n":%d}`, id, i))
				if err != nil || res != 200 {
					return
				}
				mu.Lock()
				records = append(records, id)
				n := len(records)
				mu.Unlock()
				if n == 400 {
					s.Kill() // SIGKILL mid-stream
				}
			}
		}()
	}
	wg.Wait()
	close(stop)

	mu.Lock()
	defer mu.Unlock()
	if len(records) < 400 || len(collections) == 0 {
		t.Fatalf("too few acknowledged changes before the kill: %d records, %d collections", len(records), len(collections))
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(s.Dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	for _, id := range records {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM events WHERE id = ?`, id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged record %s lost (%v)", id, err)
		}
	}
	for _, name := range collections {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM _collections WHERE name = ?`, name).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged collection %s lost", name)
		}
	}
	for _, name := range renamed {
		if _, err := db.Exec(fmt.Sprintf(`SELECT "b" FROM %q LIMIT 1`, name)); err != nil {
			t.Fatalf("acknowledged change of %s lost: %v", name, err)
		}
	}
	t.Logf("killed after %d record writes and %d collection changes; all present", len(records), len(collections)+len(renamed))
	// and the server starts again on that directory
	s2 := StartServerIn(t, s.Dir)
	s2.MustDo(t, 200, "GET", "/api/collections/events/records?perPage=1", "", nil)
}

func post(s *Server, method, path, token, body string) (int, error) {
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
