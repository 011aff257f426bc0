package realtime

import "syscall"

// WriteOnce writes b to raw's socket with one non-blocking write and
// returns how much the socket took (0 when it took nothing or failed).
// Streams use it to deliver from the publishing goroutine without waiting
// for a slow reader; what is left is written by the stream's own goroutine.
func WriteOnce(raw syscall.RawConn, b []byte) int {
	n := 0
	err := raw.Write(func(fd uintptr) bool {
		n = writeNonBlocking(fd, b)
		return true // never wait for the socket
	})
	if err != nil || n < 0 {
		return 0
	}
	return n
}
