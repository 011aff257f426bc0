package mail

import (
	"html"
	"strings"
)

// Render replaces each {NAME} of tpl by vars[NAME]. With escape set, the
// values are HTML-escaped (for bodies; subjects are plain text).
func Render(tpl string, vars map[string]string, escape bool) string {
	if len(vars) == 0 || !strings.Contains(tpl, "{") {
		return tpl
	}
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		if escape {
			v = html.EscapeString(v)
		}
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(tpl)
}
