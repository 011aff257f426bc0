package graph

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// A non-blocking write that the socket does not take whole keeps the rest;
// what is written meanwhile (gorilla's control frames) follows it, and the
// blocking write finishes both, in order.
func TestBatchConn_PartialWriteKeepsOrder(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	_ = client.(*net.TCPConn).SetReadBuffer(4096)
	_ = sc.(*net.TCPConn).SetWriteBuffer(4096)
	b := &batchConn{Conn: sc, timeout: 10 * time.Second}
	b.raw, _ = sc.(*net.TCPConn).SyscallConn()

	var want bytes.Buffer
	chunk := bytes.Repeat([]byte("0123456789"), 10000)
	partial := false
	for i := 0; i < 1000 && !partial; i++ {
		frame := appendFrame(nil, []byte{byte(i)}, chunk, nil)
		want.Write(frame)
		partial = !b.tryWrite(frame)
	}
	if !partial {
		t.Fatal("the socket took everything: no partial write to test")
	}
	if !b.hasPending() {
		t.Fatal("a partial write kept nothing")
	}
	if b.tryWrite([]byte("next")) {
		t.Fatal("a write behind a pending one went through")
	}
	want.WriteString("next")
	if _, err := b.Write([]byte("ctrl")); err != nil { // gorilla's control frame
		t.Fatal(err)
	}
	want.WriteString("ctrl")

	got := make(chan []byte)
	go func() {
		all, _ := io.ReadAll(client)
		got <- all
	}()
	if err := b.write([]byte("last")); err != nil {
		t.Fatal(err)
	}
	want.WriteString("last")
	if b.hasPending() {
		t.Fatal("write left something pending")
	}
	_ = sc.Close()
	if all := <-got; !bytes.Equal(all, want.Bytes()) {
		t.Fatalf("received %d bytes, want %d (or out of order)", len(all), want.Len())
	}
}

// Frames carry RFC 6455 lengths: 7-bit, 16-bit and 64-bit.
func TestAppendFrame_Lengths(t *testing.T) {
	for _, tc := range []struct {
		n    int
		head []byte
	}{{5, []byte{0x81, 5}}, {125, []byte{0x81, 125}}, {126, []byte{0x81, 126, 0, 126}}, {65535, []byte{0x81, 126, 0xff, 0xff}},
		{65536, []byte{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}}} {
		data := bytes.Repeat([]byte("x"), tc.n-3)
		f := appendFrame(nil, []byte("{"), data, []byte("}}"))
		if !bytes.Equal(f[:len(tc.head)], tc.head) || len(f) != len(tc.head)+tc.n {
			t.Fatalf("%d bytes: header % x, length %d", tc.n, f[:len(tc.head)], len(f))
		}
	}
}
