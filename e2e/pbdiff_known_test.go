package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
)

// pbKnown is one entry of e2e/pbdiff/DIFFERENCES.md: differences that are
// accepted (monobase means to differ) or pending (to be fixed). A
// difference matches when its case name matches one of Cases and its path
// one of Paths; a path pattern may pin PocketBase's value with
// `pattern=<JSON>`.
type pbKnown struct {
	Section string // "accepted" or "pending"
	Class   string // pending: the class of the issue it belongs to
	Line    int
	Cases   []*regexp.Regexp
	Paths   []pbPathPattern
	Reason  string
	matched int
}

type pbPathPattern struct {
	re   *regexp.Regexp
	want any // nil: any value
	has  bool
}

var pbCodeSpan = regexp.MustCompile("`([^`]+)`")

// loadKnown parses the tables of DIFFERENCES.md: under "## Accepted" rows
// are | cases | paths | reason |, under "## Pending" | class | cases | paths | note |.
func loadKnown(path string) ([]*pbKnown, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []*pbKnown
	section := ""
	for i, line := range strings.Split(string(raw), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.ToLower(strings.Fields(h)[0])
			continue
		}
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| cases") || strings.HasPrefix(line, "| class") {
			continue
		}
		cells := splitRow(line)
		k := &pbKnown{Section: section, Line: i + 1}
		var caseCell, pathCell string
		switch {
		case section == "accepted" && len(cells) == 3:
			caseCell, pathCell, k.Reason = cells[0], cells[1], cells[2]
		case section == "pending" && len(cells) == 4:
			k.Class, caseCell, pathCell, k.Reason = cells[0], cells[1], cells[2], cells[3]
		default:
			return nil, fmt.Errorf("%s:%d: a row of %d cells in section %q", path, i+1, len(cells), section)
		}
		for _, m := range pbCodeSpan.FindAllStringSubmatch(caseCell, -1) {
			k.Cases = append(k.Cases, globRegexp(m[1]))
		}
		for _, m := range pbCodeSpan.FindAllStringSubmatch(pathCell, -1) {
			p, err := parsePathPattern(m[1])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
			}
			k.Paths = append(k.Paths, p)
		}
		if len(k.Cases) == 0 || len(k.Paths) == 0 {
			return nil, fmt.Errorf("%s:%d: a row needs `case` and `path` patterns", path, i+1)
		}
		out = append(out, k)
	}
	return out, nil
}

// splitRow splits a markdown table row on the pipes outside code spans.
func splitRow(line string) []string {
	var cells []string
	var cur strings.Builder
	inCode := false
	for _, r := range strings.TrimSpace(line) {
		switch {
		case r == '`':
			inCode = !inCode
			cur.WriteRune(r)
		case r == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	// the row starts and ends with a pipe
	if len(cells) > 0 {
		cells = cells[1:]
	}
	return cells
}

func parsePathPattern(s string) (pbPathPattern, error) {
	glob, want, has := strings.Cut(s, "=")
	p := pbPathPattern{re: globRegexp(glob), has: has}
	if has {
		if err := json.Unmarshal([]byte(want), &p.want); err != nil {
			return p, fmt.Errorf("path pattern %q: the value after = is not JSON: %w", s, err)
		}
	}
	return p, nil
}

// globRegexp turns a pattern where * matches any text into a regexp.
func globRegexp(glob string) *regexp.Regexp {
	parts := strings.Split(glob, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// match finds the first entry that covers a difference of a case.
func matchKnown(known []*pbKnown, caseName string, d pbDiff) *pbKnown {
	for _, k := range known {
		if !anyMatch(k.Cases, caseName) {
			continue
		}
		for _, p := range k.Paths {
			if !p.re.MatchString(d.Path) {
				continue
			}
			if p.has && !reflect.DeepEqual(jsonRoundTrip(d.Want), p.want) {
				continue
			}
			k.matched++
			return k
		}
	}
	return nil
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func jsonRoundTrip(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(raw, &out)
	return out
}
