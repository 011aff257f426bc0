//go:build !unix

package realtime

// writeNonBlocking is not available here: the stream's goroutine writes.
func writeNonBlocking(fd uintptr, b []byte) int { return -1 }
