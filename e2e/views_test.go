package e2e

import (
	"strings"
	"testing"
)

func TestViewCollections(t *testing.T) {
	s := StartServer(t)
	su := s.AdminToken(t)
	s.MustDo(t, 200, "POST", "/api/collections", su, `{"name":"orders","listRule":"","viewRule":"","createRule":"","fields":[{"name":"customer","type":"text"},{"name":"total","type":"number"}]}`)
	for _, b := range []string{`{"customer":"ann","total":10}`, `{"customer":"ann","total":5}`, `{"customer":"bob","total":7}`} {
		s.MustDo(t, 200, "POST", "/api/collections/orders/records", "", b)
	}
	s.Run(t, nil, []Scenario{
		{Name: "create a view", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"totals","type":"view","listRule":"","viewRule":"","viewQuery":"SELECT customer AS id, customer, sum(total) AS spent FROM orders GROUP BY customer"}`, Status: 200, Contains: []string{`"type":"view"`, `"name":"spent"`, `"name":"customer"`}},
		{Name: "list the view with a filter", Method: "GET", Path: "/api/collections/totals/records?filter=spent>10", As: "guest", Status: 200, Contains: []string{`"id":"ann"`, `"spent":15`, `"totalItems":1`}},
		{Name: "view one", Method: "GET", Path: "/api/collections/totals/records/bob", As: "guest", Status: 200, Contains: []string{`"spent":7`}},
		{Name: "views are read-only", Method: "POST", Path: "/api/collections/totals/records", As: "superuser", Body: `{"customer":"x"}`, Status: 400, Contains: []string{"Unsupported collection type"}},
		{Name: "a view query without id is refused", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"noid","type":"view","viewQuery":"SELECT customer FROM orders"}`, Status: 400, Contains: []string{"id column"}},
		{Name: "a broken view query is refused", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"broken","type":"view","viewQuery":"SELECT id FROM nowhere"}`, Status: 400, Contains: []string{`"viewQuery"`}},
		{Name: "only one statement", Method: "POST", Path: "/api/collections", As: "superuser", Body: `{"name":"two","type":"view","viewQuery":"SELECT id FROM orders; DROP TABLE orders"}`, Status: 400},
		{Name: "a view cannot be truncated", Method: "DELETE", Path: "/api/collections/totals/truncate", As: "superuser", Status: 400},
	})
	t.Run("changing the source table keeps the view working", func(t *testing.T) {
		s.MustDo(t, 200, "PATCH", "/api/collections/orders", su, `{"fields":[{"name":"customer","type":"text"},{"name":"total","type":"number"},{"name":"note","type":"text"}]}`)
		res := s.MustDo(t, 200, "GET", "/api/collections/totals/records?sort=id", "", nil)
		if !strings.Contains(res.Body, `"spent":15`) {
			t.Fatalf("view after source change: %s", res.Body)
		}
	})
	t.Run("a change that breaks a view is refused", func(t *testing.T) {
		res := s.MustDo(t, 400, "PATCH", "/api/collections/orders", su, `{"fields":[{"name":"customer","type":"text"}]}`)
		if !strings.Contains(res.Body, "totals") {
			t.Fatalf("want the view named: %s", res.Body)
		}
	})
}
