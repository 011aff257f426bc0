//go:build !unix

package graph

// writeNonBlocking is not available here: the connection's goroutine writes.
func writeNonBlocking(fd uintptr, b []byte) int { return -1 }
