package rest

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// excerptSkipped are elements whose content is not text a reader sees.
var excerptSkipped = []string{
	"head", "style", "script", "iframe", "embed", "applet", "object",
	"svg", "img", "picture", "dialog", "template", "button", "form",
	"textarea", "input", "select", "option",
}

// excerptInline are elements that do not break the text around them; any
// other element is a block, with a space on each side.
var excerptInline = []string{
	"a", "abbr", "acronym", "b", "bdo", "big", "br", "button",
	"cite", "code", "em", "i", "label", "q", "small", "span",
	"strong", "strike", "sub", "sup", "time",
}

// makeExcerpt turns HTML into plain text cut to max characters, as
// PocketBase's :excerpt does: runs of white space become one space, block
// elements are separated by a space, inline ones are not ("<b>world</b>,"
// reads "world,").
func makeExcerpt(s string, ex *excerpt) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	w := excerptWriter{max: ex.max}
	w.walk(doc)
	text := strings.TrimSpace(w.b.String())
	if runes := []rune(text); len(runes) > ex.max {
		text = strings.TrimSpace(string(runes[:ex.max]))
		if ex.ellipsis {
			text += "..."
		}
	}
	return text
}

type excerptWriter struct {
	b          strings.Builder
	max        int
	afterSpace bool // the text so far ends with a space
}

func (w *excerptWriter) walk(n *html.Node) {
	if n.Type == html.TextNode {
		w.text(n.Data)
	}
	// stop a little past max (in bytes): the rest would be cut anyway
	if w.b.Len() > w.max+2 {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		isElement := c.Type == html.ElementNode
		if isElement && slices.Contains(excerptSkipped, c.Data) {
			continue
		}
		block := isElement && !slices.Contains(excerptInline, c.Data)
		if block {
			w.space()
		}
		w.walk(c)
		if block {
			w.space()
		}
	}
}

func (w *excerptWriter) text(s string) {
	s = collapseSpace(s)
	if w.afterSpace {
		s = strings.TrimLeft(s, " ")
	}
	if s != "" {
		w.b.WriteString(s)
		w.afterSpace = strings.HasSuffix(s, " ")
	}
}

// collapseSpace turns each run of ASCII white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	inSpace := false
	for _, r := range s {
		if strings.ContainsRune(" \t\n\f\r", r) {
			if !inSpace {
				b.WriteByte(' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

func (w *excerptWriter) space() {
	if !w.afterSpace {
		w.b.WriteByte(' ')
		w.afterSpace = true
	}
}
