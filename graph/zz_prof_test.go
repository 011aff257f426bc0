package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/monobase/monobase/graph"
)

func fragQuery(n int, leaf string) string {
	var b strings.Builder
	b.WriteString("query{...F0}")
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query {...F%d ...F%d}", i, i+1, i+1)
	}
	fmt.Fprintf(&b, " fragment F%d on Query {%s}", n-1, leaf)
	return b.String()
}

func TestZZProfFrag(t *testing.T) {
	e := newEnv(t, graph.Config{})
	_, out := e.gql("", fragQuery(23, "__typename"), nil)
	t.Log(js(out))
}

func TestZZProfType(t *testing.T) {
	e := newEnv(t, graph.Config{})
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, `__type(name:"T%d"){name} `, i)
	}
	b.WriteString("}")
	q := b.String()
	t.Log(len(q))
	_, out := e.gql("", q, nil)
	errs, _ := out["errors"].([]any)
	t.Log(len(errs), js(errs[0]), js(errs[len(errs)-1]))
	b2, _ := json.Marshal(out)
	t.Log(len(b2))
}

func TestZZValidatorScale(t *testing.T) {
	e := newEnv(t, graph.Config{})
	for _, c := range []struct {
		n    int
		item string
	}{{5000, "__typename "}, {20000, "__typename "}, {800, `__type(name:"T%d"){name} `}, {1600, `__type(name:"T%d"){name} `}, {2000, `a%d:__typename `}} {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < c.n; i++ {
			if strings.Contains(c.item, "%d") {
				fmt.Fprintf(&b, c.item, i)
			} else {
				b.WriteString(c.item)
			}
		}
		b.WriteString("}")
		start := time.Now()
		_, out := e.gql("", b.String(), nil)
		errs, _ := out["errors"].([]any)
		raw, _ := json.Marshal(out)
		t.Logf("%d x %q: %v, %d errors, %d bytes", c.n, c.item, time.Since(start), len(errs), len(raw))
	}
}

func TestZZDedupe(t *testing.T) {
	e := newEnv(t, graph.Config{})
	for _, n := range []int{100, 141} {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, `__type(name:"T%d"){name} `, i)
		}
		b.WriteString("}")
		start := time.Now()
		_, out := e.gql("", b.String(), nil)
		raw, _ := json.Marshal(out)
		t.Logf("%d: %v %d bytes %s", n, time.Since(start), len(raw), raw)
	}
	_, out := e.gql("", fragQuery(26, "__typename"), nil)
	t.Log(js(out))
	_, out = e.gql("", fragQuery(26, "posts { id }"), nil)
	t.Log(js(out))
}

func TestZZIntroChain(t *testing.T) {
	e := newEnv(t, graph.Config{})
	chain := strings.Repeat(" name kind ofType {", 900) + " name" + strings.Repeat(" }", 900)
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, " s%d: __schema { queryType {%s } }", i, chain)
	}
	b.WriteString(" }")
	for i := 0; i < 3; i++ {
		start := time.Now()
		_, out := e.gql("", b.String(), nil)
		t.Log(time.Since(start), len(b.String()), js(out))
	}
}
