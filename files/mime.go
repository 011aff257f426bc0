package files

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// Types are detected from the content with mimetype (the library
// PocketBase uses), so that a field's mimeTypes written for PocketBase
// (image/svg+xml, application/json, Office formats, …) match the same
// files; net/http.DetectContentType knows too few types for that.

// detect sniffs the type of the upload's content.
func detect(u *Upload) (*mimetype.MIME, error) {
	rc, err := u.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload %q: %w", u.Name, err)
	}
	defer rc.Close()
	m, err := mimetype.DetectReader(rc)
	if err != nil {
		return nil, fmt.Errorf("read upload %q: %w", u.Name, err)
	}
	return m, nil
}

// forcedTypes are extensions whose sniffed type is too generic to serve
// (CSS and JavaScript sniff as text/plain).
var forcedTypes = map[string]string{
	".svg":  "image/svg+xml",
	".css":  "text/css",
	".js":   "text/javascript",
	".mjs":  "text/javascript",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// ContentType is the type a stored file is served with: forced for a few
// extensions, else sniffed from the start of r, which is rewound after.
func ContentType(name string, r io.ReadSeeker) (string, error) {
	if t, ok := forcedTypes[strings.ToLower(path.Ext(name))]; ok {
		return t, nil
	}
	m, err := mimetype.DetectReader(r)
	if err != nil {
		return "", fmt.Errorf("sniff %s: %w", name, err)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("sniff %s: %w", name, err)
	}
	return m.String(), nil
}

// Inline reports whether a type is shown in the browser rather than
// downloaded: images, audio, video and PDF.
func Inline(contentType string) bool {
	for _, p := range []string{"image/", "audio/", "video/", "application/pdf"} {
		if strings.HasPrefix(contentType, p) {
			return true
		}
	}
	return false
}
