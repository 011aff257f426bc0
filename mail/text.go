package mail

import (
	"html"
	"regexp"
	"strings"
)

var (
	blockEnd   = regexp.MustCompile(`(?i)</(p|div|h[1-6]|li|tr)>|<br\s*/?>`)
	anchor     = regexp.MustCompile(`(?is)<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>`)
	tag        = regexp.MustCompile(`(?s)<[^>]*>`)
	blankLines = regexp.MustCompile(`\n{3,}`)
	spaces     = regexp.MustCompile(`[ \t]+`)
)

// HTMLToText is a readable plain-text version of an e-mail body: links keep
// their address, block ends become line breaks, other tags go.
func HTMLToText(s string) string {
	s = anchor.ReplaceAllStringFunc(s, func(a string) string {
		m := anchor.FindStringSubmatch(a)
		label := strings.TrimSpace(tag.ReplaceAllString(m[2], ""))
		if label == "" || label == m[1] {
			return m[1]
		}
		return label + " (" + m[1] + ")"
	})
	s = blockEnd.ReplaceAllString(s, "\n")
	s = tag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
