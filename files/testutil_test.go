package files

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
)

// pngBytes encodes a w×h PNG: the top half red, the bottom half blue, so a
// crop from the top or the bottom shows in the result.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		c := color.RGBA{R: 255, A: 255}
		if y >= h/2 {
			c = color.RGBA{B: 255, A: 255}
		}
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storageIO returns helpers that put a string under a key of st (failing
// the test on error) and read one back.
func storageIO(t *testing.T, st Storage) (put func(key, content string), read func(key string) (string, error)) {
	ctx := context.Background()
	put = func(key, content string) {
		t.Helper()
		if err := st.Put(ctx, key, strings.NewReader(content)); err != nil {
			t.Fatal(err)
		}
	}
	read = func(key string) (string, error) {
		obj, err := st.Open(ctx, key)
		if err != nil {
			return "", err
		}
		defer obj.Close()
		b, err := io.ReadAll(obj)
		return string(b), err
	}
	return put, read
}
