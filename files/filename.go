package files

import (
	"strings"

	"github.com/monobase/monobase/store"
)

// Stored names follow PocketBase: <snake_case base>_<10 random [a-z0-9]>
// <clean lower-case extension>, so that names never collide, never need
// escaping and still say what the file was.
const (
	nameAlphabet   = "abcdefghijklmnopqrstuvwxyz0123456789"
	nameRandomLen  = 10
	maxBaseLen     = 100
	minBaseLen     = 3
	maxExtLen      = 20
	extAllowedRune = "_.*-+=#"
)

// NewFilename returns the name an upload is stored under. sniffedExt
// (".png", from the content) is used when the client's name has no
// usable extension.
func NewFilename(original, sniffedExt string) string {
	if i := strings.LastIndexAny(original, `/\`); i >= 0 {
		original = original[i+1:] // some clients send a path
	}
	// ".env" or ".txt" is an extension without a name (as in PocketBase):
	// the name becomes random.
	base, ext := splitExt(original)
	base = strings.Trim(base, ".")
	ext = cleanExt(ext)
	if ext == "" {
		ext = cleanExt(sniffedExt)
	}
	name := snakeCase(base)
	if len(name) > maxBaseLen {
		name = strings.TrimRight(name[:maxBaseLen], "_")
	}
	if len(name) < minBaseLen {
		name += randomPart()
	}
	return name + "_" + randomPart() + ext
}

func randomPart() string { return store.RandomString(nameRandomLen, nameAlphabet) }

// splitExt splits off the extension, keeping the compound ".tar.*" ones
// whole ("a.tar.gz" → "a", ".tar.gz").
func splitExt(name string) (base, ext string) {
	i := strings.LastIndex(name, ".")
	if i < 0 {
		return name, ""
	}
	base, ext = name[:i], name[i:]
	if strings.HasSuffix(strings.ToLower(base), ".tar") {
		base, ext = base[:len(base)-4], name[len(base)-4:]
	}
	return base, ext
}

// cleanExt lower-cases an extension, drops characters that have no place
// in a file name and keeps at most its last maxExtLen characters.
func cleanExt(ext string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(ext) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(extAllowedRune, r) {
			b.WriteRune(r)
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	if out == "" {
		return ""
	}
	if len(out) > maxExtLen-1 {
		out = out[len(out)-(maxExtLen-1):]
	}
	return "." + strings.TrimLeft(out, ".")
}

// snakeCase lower-cases s, splits camelCase words and turns every run of
// other characters into one "_" (ASCII letters and digits only).
func snakeCase(s string) string {
	var b strings.Builder
	prevLower := false
	pendingSep := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if prevLower {
				pendingSep = true
			}
			r += 'a' - 'A'
			prevLower = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			prevLower = true
		default:
			pendingSep, prevLower = true, false
			continue
		}
		if pendingSep && b.Len() > 0 {
			b.WriteByte('_')
		}
		pendingSep = false
		b.WriteRune(r)
	}
	return b.String()
}
