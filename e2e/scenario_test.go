package e2e

import (
	"strings"
	"testing"
)

// Scenario is one API call and what must and must not come back.
type Scenario struct {
	Name        string
	Method      string
	Path        string
	As          string // "guest", "superuser", "badtoken", or a key of the tokens map
	Body        any    // nil, a raw string, or a value sent as JSON
	Status      int
	Contains    []string // fragments that must appear in the body
	NotContains []string // fragments that must not appear
}

// Run executes the scenarios in order against s; tokens maps role names to
// tokens (superuser and badtoken are filled in).
func (s *Server) Run(t *testing.T, tokens map[string]string, scenarios []Scenario) {
	t.Helper()
	all := map[string]string{"guest": "", "superuser": s.AdminToken(t), "badtoken": "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngiLCJ0eXBlIjoiYXV0aCJ9.bad"}
	for k, v := range tokens {
		all[k] = v
	}
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			tok, ok := all[sc.As]
			if !ok {
				t.Fatalf("unknown identity %q", sc.As)
			}
			res := s.Do(t, sc.Method, sc.Path, tok, sc.Body)
			if res.Status != sc.Status {
				t.Fatalf("%s %s as %s: status %d, want %d\n%s", sc.Method, sc.Path, sc.As, res.Status, sc.Status, res.Body)
			}
			for _, frag := range sc.Contains {
				if !strings.Contains(res.Body, frag) {
					t.Errorf("body lacks %q:\n%s", frag, res.Body)
				}
			}
			for _, frag := range sc.NotContains {
				if strings.Contains(res.Body, frag) {
					t.Errorf("body must not contain %q:\n%s", frag, res.Body)
				}
			}
		})
	}
}
