package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// pbDiff is one place where monobase's answer differs from PocketBase's.
type pbDiff struct {
	Path string // "status", "header.X", "body", "body.items", "body.data.title.code", …
	Want any    // PocketBase's value (pbAbsent when it has none)
	Got  any    // monobase's value (pbAbsent when it has none)
}

// pbAbsent stands for a key one side has and the other has not.
type pbAbsentT struct{}

var pbAbsent = pbAbsentT{}

func (pbAbsentT) String() string { return "(absent)" }

// MarshalJSON lets a DIFFERENCES.md pattern name it: `path="(absent)"`.
func (pbAbsentT) MarshalJSON() ([]byte, error) { return []byte(`"(absent)"`), nil }

// diffAnswers lists where got differs from want.
func diffAnswers(want, got pbAnswer) []pbDiff {
	var out []pbDiff
	if want.Status != got.Status {
		// another outcome: the bodies differ as a whole, not key by key
		out = append(out, pbDiff{"status", want.Status, got.Status})
		if !reflect.DeepEqual(want.Body, got.Body) {
			out = append(out, pbDiff{"body", want.Body, got.Body})
		}
		return out
	}
	for k, v := range want.Headers {
		if got.Headers[k] != v {
			out = append(out, pbDiff{"header." + k, v, got.Headers[k]})
		}
	}
	return append(out, diffJSON("body", want.Body, got.Body)...)
}

func diffJSON(path string, want, got any) []pbDiff {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		var out []pbDiff
		for _, k := range unionKeys(w, g) {
			wv, wok := w[k]
			gv, gok := g[k]
			switch {
			case !gok:
				out = append(out, pbDiff{path + "." + k, wv, pbAbsent})
			case !wok:
				out = append(out, pbDiff{path + "." + k, pbAbsent, gv})
			default:
				out = append(out, diffJSON(path+"."+k, wv, gv)...)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			break
		}
		// a list of records differs first in which rows it holds
		wIDs, wok := recordIDs(w)
		gIDs, gok := recordIDs(g)
		if wok && gok && len(w)+len(g) > 0 && !reflect.DeepEqual(wIDs, gIDs) {
			return []pbDiff{{path, wIDs, gIDs}}
		}
		if len(w) != len(g) {
			return []pbDiff{{path, want, got}}
		}
		var out []pbDiff
		for i := range w {
			out = append(out, diffJSON(path+"."+strconv.Itoa(i), w[i], g[i])...)
		}
		return out
	}
	if reflect.DeepEqual(want, got) {
		return nil
	}
	return []pbDiff{{path, want, got}}
}

// recordIDs gives the ids of a list of records, or false when it is not one.
func recordIDs(items []any) ([]string, bool) {
	ids := make([]string, 0, len(items))
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, false
		}
		id, ok := m["id"].(string)
		if !ok {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func unionKeys(a, b map[string]any) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// show prints a value compactly for a diff report.
func show(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(raw)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ReplaceAll(s, "\n", " ")
}
