package files

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
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
