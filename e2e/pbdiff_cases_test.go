package e2e

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pbCase is one request of the PocketBase differential corpus (e2e/pbdiff):
// sent as it is to PocketBase when recording and to monobase when comparing.
type pbCase struct {
	Name    string      // unique, "/"-separated: "filter/tags/eq/a"
	File    string      // the corpus file it came from, without extension
	Method  string      // GET, POST, …
	Target  string      // path and query as sent, already encoded
	As      string      // identity: guest (default), superuser, or a fixture identity
	Headers [][2]string // extra request headers
	// CompareHeaders names response headers compared besides status and body.
	CompareHeaders []string
	BodyKind       string // "", json, raw, form, multipart
	ContentType    string // for raw bodies ("" sends none)
	Body           string // the body text; for form and multipart one "key=value" a line
}

// loadCaseFiles reads every *.txt corpus file in dir.
func loadCaseFiles(dir string) ([]pbCase, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var all []pbCase
	for _, p := range paths {
		cases, err := parseCaseFile(p)
		if err != nil {
			return nil, err
		}
		all = append(all, cases...)
	}
	return all, nil
}

// parseCaseFile reads one corpus file. Its format (see e2e/pbdiff/README.md):
//
//	=== case/name
//	METHOD /path?already=encoded
//	?key=raw value, URL-encoded by the loader
//	as: alice
//	header: Name: value
//	compare-headers: Name, Name
//	body json:            (or "body raw TYPE:", "body raw:", "body form:", "body multipart:")
//	…the body: every line up to a blank line or the next "==="…
func parseCaseFile(path string) ([]pbCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var cases []pbCase
	var cur *pbCase
	var body []string
	inBody := false
	flush := func() {
		if cur == nil {
			return
		}
		cur.Body = strings.TrimRight(strings.Join(body, "\n"), "\n")
		cases = append(cases, *cur)
		cur, body, inBody = nil, nil, false
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		where := fmt.Sprintf("%s:%d", path, n)
		if name, ok := strings.CutPrefix(line, "=== "); ok {
			flush()
			cur = &pbCase{Name: strings.TrimSpace(name), File: file, As: "guest"}
			continue
		}
		if inBody {
			if strings.TrimSpace(line) == "" {
				inBody = false
				continue
			}
			body = append(body, line)
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s: text before the first \"=== name\" line", where)
		}
		// a query value keeps its trailing spaces: "?filter=   " is a filter of spaces
		if err := cur.parseLine(strings.TrimLeft(line, " \t")); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		inBody = strings.HasPrefix(trimmed, "body ")
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return cases, nil
}

// parseLine applies one header line of a case.
func (c *pbCase) parseLine(line string) error {
	switch {
	case c.Method == "":
		method, target, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || !strings.HasPrefix(target, "/") {
			return fmt.Errorf("want \"METHOD /path\", got %q", line)
		}
		c.Method, c.Target = method, target
	case strings.HasPrefix(line, "?"):
		k, v, _ := strings.Cut(line[1:], "=")
		sep := "?"
		if strings.Contains(c.Target, "?") {
			sep = "&"
		}
		c.Target += sep + url.QueryEscape(k) + "=" + url.QueryEscape(v)
	case strings.HasPrefix(line, "body ") && strings.HasSuffix(strings.TrimSpace(line), ":"):
		return c.parseBodyLine(strings.TrimSpace(line))
	case strings.HasPrefix(line, "as:"):
		c.As = strings.TrimSpace(line[3:])
	case strings.HasPrefix(line, "header:"):
		k, v, ok := strings.Cut(strings.TrimSpace(line[7:]), ":")
		if !ok {
			return fmt.Errorf("want \"header: Name: value\", got %q", line)
		}
		c.Headers = append(c.Headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	case strings.HasPrefix(line, "compare-headers:"):
		for _, h := range strings.Split(line[len("compare-headers:"):], ",") {
			c.CompareHeaders = append(c.CompareHeaders, strings.TrimSpace(h))
		}
	default:
		return fmt.Errorf("unknown line %q", line)
	}
	return nil
}

// parseBodyLine reads "body KIND:" (KIND json, form, multipart, or raw
// with an optional content type).
func (c *pbCase) parseBodyLine(line string) error {
	kind, ctype, _ := strings.Cut(strings.TrimSuffix(line[5:], ":"), " ")
	c.BodyKind, c.ContentType = kind, strings.TrimSpace(ctype)
	switch {
	case kind == "raw":
	case c.ContentType == "" && (kind == "json" || kind == "form" || kind == "multipart"):
	default:
		return fmt.Errorf("unknown body kind %q", line)
	}
	return nil
}

// summary is the request as the golden files show it.
func (c pbCase) summary() string {
	s := c.Method + " " + c.Target
	if c.BodyKind != "" {
		s += " [" + c.BodyKind
		if c.ContentType != "" {
			s += " " + c.ContentType
		}
		s += "] " + strings.ReplaceAll(c.Body, "\n", " ⏎ ")
	}
	return s
}
