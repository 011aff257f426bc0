package graph

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
)

// decodeParams is a fast path for the usual POST body: one object with
// the keys query, operationName, variables and extensions, each at most
// once, spelt exactly so. It gives what json.Decoder with UseNumber gives
// (numbers as json.Number, objects as map[string]any, arrays as []any) and
// reports false, having set nothing that counts, for anything else (other
// keys, other spellings, syntax errors, trailing data): the caller then
// decodes with encoding/json, which also words the errors.
func decodeParams(data []byte, p *graphql.RawParams) bool {
	d := paramDecoder{data: data}
	var out graphql.RawParams
	d.ws()
	if !d.consume('{') {
		return false
	}
	seen := 0
	d.ws()
	if !d.consume('}') {
		for {
			d.ws()
			key, ok := d.str()
			if !ok {
				return false
			}
			d.ws()
			if !d.consume(':') {
				return false
			}
			d.ws()
			var bit int
			switch key {
			case "query", "operationName":
				bit = 1
				if key == "operationName" {
					bit = 2
				}
				if d.null() {
					break
				}
				s, ok := d.str()
				if !ok {
					return false
				}
				if bit == 1 {
					out.Query = s
				} else {
					out.OperationName = s
				}
			case "variables", "extensions":
				bit = 4
				if key == "extensions" {
					bit = 8
				}
				if d.null() {
					break
				}
				if d.peek() != '{' {
					return false
				}
				v, ok := d.value(0)
				if !ok {
					return false
				}
				if bit == 4 {
					out.Variables = v.(map[string]any)
				} else {
					out.Extensions = v.(map[string]any)
				}
			default:
				return false
			}
			if seen&bit != 0 {
				return false
			}
			seen |= bit
			d.ws()
			if d.consume(',') {
				continue
			}
			if d.consume('}') {
				break
			}
			return false
		}
	}
	d.ws()
	if d.i != len(d.data) {
		return false
	}
	p.Query, p.OperationName, p.Variables, p.Extensions = out.Query, out.OperationName, out.Variables, out.Extensions
	return true
}

type paramDecoder struct {
	data []byte
	i    int
}

const maxDecodeDepth = 100

func (d *paramDecoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *paramDecoder) peek() byte {
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

func (d *paramDecoder) consume(c byte) bool {
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *paramDecoder) literal(s string) bool {
	if len(d.data)-d.i >= len(s) && string(d.data[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

func (d *paramDecoder) null() bool { return d.literal("null") }

// str reads a string; escapes and non-ASCII go through encoding/json so
// that they decode exactly as it decodes them.
func (d *paramDecoder) str() (string, bool) {
	if !d.consume('"') {
		return "", false
	}
	start, plain := d.i, true
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			raw := d.data[start:d.i]
			d.i++
			if plain {
				return string(raw), true
			}
			var s string
			if err := json.Unmarshal(d.data[start-1:d.i], &s); err != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			plain = false
			d.i += 2
		case c < 0x20:
			return "", false
		default:
			if c >= utf8.RuneSelf {
				plain = false
			}
			d.i++
		}
	}
	return "", false
}

// value reads any JSON value.
func (d *paramDecoder) value(depth int) (any, bool) {
	if depth > maxDecodeDepth {
		return nil, false
	}
	switch c := d.peek(); {
	case c == '"':
		return d.str()
	case c == '{':
		d.i++
		m := map[string]any{}
		d.ws()
		if d.consume('}') {
			return m, true
		}
		for {
			d.ws()
			k, ok := d.str()
			if !ok {
				return nil, false
			}
			d.ws()
			if !d.consume(':') {
				return nil, false
			}
			d.ws()
			v, ok := d.value(depth + 1)
			if !ok {
				return nil, false
			}
			m[k] = v
			d.ws()
			if d.consume(',') {
				continue
			}
			if d.consume('}') {
				return m, true
			}
			return nil, false
		}
	case c == '[':
		d.i++
		list := []any{}
		d.ws()
		if d.consume(']') {
			return list, true
		}
		for {
			d.ws()
			v, ok := d.value(depth + 1)
			if !ok {
				return nil, false
			}
			list = append(list, v)
			d.ws()
			if d.consume(',') {
				continue
			}
			if d.consume(']') {
				return list, true
			}
			return nil, false
		}
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.null()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, false
}

// number reads a number in JSON's grammar as a json.Number.
func (d *paramDecoder) number() (any, bool) {
	start := d.i
	d.consume('-')
	switch {
	case d.consume('0'):
	case d.i < len(d.data) && d.data[d.i] >= '1' && d.data[d.i] <= '9':
		d.digits()
	default:
		return nil, false
	}
	if d.consume('.') {
		if d.digits() == 0 {
			return nil, false
		}
	}
	if c := d.peek(); c == 'e' || c == 'E' {
		d.i++
		if c := d.peek(); c == '+' || c == '-' {
			d.i++
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	return json.Number(d.data[start:d.i]), true
}

func (d *paramDecoder) digits() int {
	n := 0
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}
