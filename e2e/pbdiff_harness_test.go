package e2e

import (
	"encoding/base64"
	"net/http"
	"reflect"
	"regexp"
	"testing"
	"time"
)

// The differential harness's own pieces: what it normalises and how a
// DIFFERENCES.md row matches.

func TestPBDiffHarness_Normalize(t *testing.T) {
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"id":"abcdefghij12345","type":"auth","exp":1,"iat":2}`))
	body := `{"token":"eyJhbGciOiJIUzI1NiJ9.` + claims + `.c2ln","a":"zzzzzzzzzzzzzz1","b":"zzzzzzzzzzzzzz1","c":"k01000000000000",` +
		`"doc":"report_abcde12345.txt","short":"aqm7t011dan_abcde12345.txt","created":"` + time.Now().UTC().Format("2006-01-02 15:04:05.000Z") + `",` +
		`"old":"2024-01-15 10:00:00.000Z","msg":"\"image_qyxw2c7n1y.png\" mime type","err":"Oops (error id 9e4c0c7b0735)"}`
	n := newNormalizer(map[string]bool{"k01000000000000": true})
	got := n.answer(pbCase{Name: "x", Method: "GET", Target: "/", As: "guest"},
		Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}).Body
	want := map[string]any{
		"token":   map[string]any{"<jwt>": map[string]any{"id": "<id2>", "type": "auth"}},
		"a":       "<id1>",
		"b":       "<id1>",
		"c":       "k01000000000000",
		"doc":     "report_<rand>.txt",
		"short":   "a<rand>_<rand>.txt",
		"created": "<now>",
		"old":     "2024-01-15 10:00:00.000Z",
		"msg":     `"image_<rand>.png" mime type`,
		"err":     "Oops (error id <id>)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("normalised:\n got %v\nwant %v", got, want)
	}
}

func TestPBDiffHarness_DiffAndMatch(t *testing.T) {
	want := pbAnswer{Status: 200, Body: map[string]any{"items": []any{map[string]any{"id": "a"}}, "totalItems": 1.0}}
	got := pbAnswer{Status: 200, Body: map[string]any{"items": []any{map[string]any{"id": "b"}}, "totalItems": 1.0, "expand": map[string]any{}}}
	diffs := diffAnswers(want, got)
	if len(diffs) != 2 || diffs[0].Path != "body.expand" || diffs[1].Path != "body.items" {
		t.Fatalf("diffs: %+v", diffs)
	}
	cells := splitRow("| `filter/*`, `a||b` | `body.expand=\"(absent)\"` | why |")
	if len(cells) != 3 || cells[0] != "`filter/*`, `a||b`" {
		t.Fatalf("cells: %q", cells)
	}
	p, err := parsePathPattern(`body.expand="(absent)"`)
	if err != nil {
		t.Fatal(err)
	}
	k := &pbKnown{Cases: []*regexp.Regexp{globRegexp("filter/*")}, Paths: []pbPathPattern{p}}
	if matchKnown([]*pbKnown{k}, "filter/tags/eq/a", diffs[0]) != k {
		t.Error("an absent key pinned as \"(absent)\" should match")
	}
	if matchKnown([]*pbKnown{k}, "filter/tags/eq/a", diffs[1]) != nil {
		t.Error("another path should not match")
	}
	if matchKnown([]*pbKnown{k}, "sort/x", diffs[0]) != nil {
		t.Error("another case should not match")
	}
}
