package gqlexec

import (
	"bytes"
	"encoding/json"
	"testing"
)

// writeString must write what json.Marshal writes for any string.
func FuzzWriteString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\back`, "<a href='x'>&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f",
		"é ü 日本 🎉", "\u2028\u2029", "bad \xff\xfe utf8 \xc3", "\xed\xa0\x80 surrogate"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		writeString(&b, s)
		want, _ := json.Marshal(s)
		if !bytes.Equal(b.Bytes(), want) {
			t.Fatalf("writeString(%q) = %s, json.Marshal = %s", s, b.Bytes(), want)
		}
	})
}
