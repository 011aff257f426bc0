package files

import (
	"fmt"
	"strings"
)

// checkKey refuses keys that are not plain slash-separated relative paths:
// on disk they could leave the storage root, and no backend should hold
// objects the local one could not.
func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("invalid storage key %q", key)
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("invalid storage key %q", key)
		}
	}
	return nil
}
