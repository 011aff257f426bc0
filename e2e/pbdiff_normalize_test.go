package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// pbAnswer is a recorded or observed answer, normalised: what is random
// (ids the server made, tokens, times of now, file name suffixes) is
// replaced by stable placeholders so two servers' answers compare.
type pbAnswer struct {
	Name    string            `json:"name"`
	Request string            `json:"request"`
	As      string            `json:"as,omitempty"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    any               `json:"body"`
}

var (
	pbIDPattern       = regexp.MustCompile(`^[a-z0-9]{15}$`)
	pbJWTPattern      = regexp.MustCompile(`^eyJ[\w-]*\.[\w-]+\.[\w-]+$`)
	pbDatePattern     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)
	pbFileNamePattern = regexp.MustCompile(`^(.+)_[0-9a-zA-Z]{10}(\.\w+)$`)
	pbShortNameRandom = regexp.MustCompile(`^[a-z0-9]+$`)
	pbFileNameInText  = regexp.MustCompile(`\b([A-Za-z0-9]+)_[0-9a-z]{10}(\.\w+)\b`)
	pbErrorID         = regexp.MustCompile(`\(error id \w+\)`)
	pbIDInText        = regexp.MustCompile(`[a-z0-9]{15}`)
)

// pbRandomKeys are object keys whose values are random by design.
var pbRandomKeys = map[string]bool{"state": true, "codeVerifier": true, "codeChallenge": true}

// normalizer replaces the random parts of one case's answer. Ids the
// corpus names (fixture ids, ids in requests) are kept; other
// 15-character ids become <id1>, <id2>, … in order of appearance (object
// keys sorted).
type normalizer struct {
	known map[string]bool
	ids   map[string]string
	now   time.Time
}

func newNormalizer(known map[string]bool) *normalizer {
	return &normalizer{known: known, ids: map[string]string{}, now: time.Now().UTC()}
}

// answer normalises a response into what golden files hold.
func (n *normalizer) answer(c pbCase, res Response) pbAnswer {
	a := pbAnswer{Name: c.Name, Request: c.summary(), Status: res.Status}
	if c.As != "guest" {
		a.As = c.As
	}
	for _, h := range c.CompareHeaders {
		if a.Headers == nil {
			a.Headers = map[string]string{}
		}
		a.Headers[http.CanonicalHeaderKey(h)] = res.Header.Get(h)
	}
	var parsed any
	if strings.Contains(res.Header.Get("Content-Type"), "json") && json.Unmarshal([]byte(res.Body), &parsed) == nil {
		a.Body = n.value("", parsed)
	} else if len(res.Body) > 400 {
		a.Body = fmt.Sprintf("<%d bytes of %s>", len(res.Body), res.Header.Get("Content-Type"))
	} else {
		a.Body = res.Body
	}
	return a
}

func (n *normalizer) value(key string, v any) any {
	switch v := v.(type) {
	case map[string]any:
		// keys in order, so that ids are numbered the same way every time
		out := make(map[string]any, len(v))
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out[k] = n.value(k, v[k])
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = n.value(key, x)
		}
		return out
	case string:
		return n.text(key, v)
	}
	return v
}

func (n *normalizer) text(key, s string) any {
	switch {
	case s == "":
		return s
	case pbRandomKeys[key]:
		return "<random>"
	case pbJWTPattern.MatchString(s):
		return n.jwt(s)
	case pbIDPattern.MatchString(s):
		return n.id(s)
	case pbDatePattern.MatchString(s):
		if t, err := time.Parse("2006-01-02 15:04:05.999Z", strings.Replace(s, "T", " ", 1)); err == nil && t.Sub(n.now).Abs() < 48*time.Hour {
			return "<now>"
		}
	case pbFileNamePattern.MatchString(s) && !strings.Contains(s, " "):
		m := pbFileNamePattern.FindStringSubmatch(s)
		// a name shorter than 3 characters gets 10 more random ones
		if base := m[1]; len(base) >= 10 && len(base) <= 12 && pbShortNameRandom.MatchString(base) {
			m[1] = base[:len(base)-10] + "<rand>"
		}
		return m[1] + "_<rand>" + m[2]
	}
	// a stored file name quoted in a message, an error id of a 500
	s = pbFileNameInText.ReplaceAllString(s, "${1}_<rand>${2}")
	return pbErrorID.ReplaceAllString(s, "(error id <id>)")
}

func (n *normalizer) id(s string) string {
	if n.known[s] {
		return s
	}
	if p, ok := n.ids[s]; ok {
		return p
	}
	p := fmt.Sprintf("<id%d>", len(n.ids)+1)
	n.ids[s] = p
	return p
}

// jwt keeps a token's claims, less the times, as {"<jwt>": claims}.
func (n *normalizer) jwt(s string) any {
	parts := strings.Split(s, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err != nil || json.Unmarshal(raw, &claims) != nil {
		return "<jwt>"
	}
	delete(claims, "exp")
	delete(claims, "iat")
	delete(claims, "nbf")
	return map[string]any{"<jwt>": n.value("", claims)}
}
