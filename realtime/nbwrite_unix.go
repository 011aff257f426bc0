//go:build unix

package realtime

import "syscall"

// writeNonBlocking writes b to the (non-blocking) socket fd once and
// returns how much it took; -1 on error (EAGAIN: nothing taken).
func writeNonBlocking(fd uintptr, b []byte) int {
	n, err := syscall.Write(int(fd), b)
	if err != nil {
		return -1
	}
	return n
}
