package files

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"

	"github.com/monobase/monobase/schema"
)

func TestThumbAllowed(t *testing.T) {
	f := &schema.FileField{Thumbs: []string{"50x0", "20x20t"}}
	for size, want := range map[string]bool{"100x100": true, "50x0": true, "20x20t": true, "20x20": false, "0x0": false, "abc": false} {
		if got := ThumbAllowed(f, size); got != want {
			t.Errorf("ThumbAllowed(%q) = %v", size, got)
		}
	}
	for name, want := range map[string]bool{"a.png": true, "a.JPG": true, "a.jpeg": true, "a.gif": true, "a.webp": true, "a.svg": false, "a.pdf": false, "png": false} {
		if got := Thumbable(name); got != want {
			t.Errorf("Thumbable(%q) = %v", name, got)
		}
	}
}

func TestOpenThumb(t *testing.T) {
	ctx := context.Background()
	st := NewLocal(t.TempDir())
	thumbs := NewThumbnailer(ThumbConfig{})
	if err := st.Put(ctx, Key("c", "r", "p.png"), bytes.NewReader(pngBytes(t, 200, 400))); err != nil {
		t.Fatal(err)
	}
	decode := func(obj *Object) image.Image {
		t.Helper()
		defer obj.Close()
		img, err := png.Decode(obj)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	red := func(c color.Color) bool { r, _, b, _ := c.RGBA(); return r > 0xf000 && b < 0x1000 }
	blue := func(c color.Color) bool { r, _, b, _ := c.RGBA(); return b > 0xf000 && r < 0x1000 }

	tests := []struct {
		size     string
		w, h     int
		top, bot func(color.Color) bool // the colour at the top and bottom rows
	}{
		{"100x100", 100, 100, red, blue},   // center crop keeps both halves
		{"100x100t", 100, 100, red, red},   // a square from the top of a 1:2 image is all red
		{"100x100b", 100, 100, blue, blue}, // from the bottom all blue
		{"100x100f", 50, 100, red, blue},   // fitted: nothing cut
		{"0x50", 25, 50, red, blue},
		{"100x0", 100, 200, red, blue},
	}
	for _, tc := range tests {
		t.Run(tc.size, func(t *testing.T) {
			obj, err := thumbs.Open(ctx, st, "c", "r", "p.png", tc.size)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(obj)
			b := img.Bounds()
			if b.Dx() != tc.w || b.Dy() != tc.h {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tc.w, tc.h)
			}
			if !tc.top(img.At(b.Dx()/2, 1)) || !tc.bot(img.At(b.Dx()/2, b.Dy()-2)) {
				t.Fatalf("top %v, bottom %v", img.At(b.Dx()/2, 1), img.At(b.Dx()/2, b.Dy()-2))
			}
		})
	}

	t.Run("cached: the second open reads the stored thumb", func(t *testing.T) {
		obj, err := st.Open(ctx, thumbKey("c", "r", "p.png", "100x100"))
		if err != nil {
			t.Fatalf("the thumb was not stored: %v", err)
		}
		obj.Close()
		if err := st.Put(ctx, thumbKey("c", "r", "p.png", "100x100"), bytes.NewReader([]byte("cached"))); err != nil {
			t.Fatal(err)
		}
		obj, err = thumbs.Open(ctx, st, "c", "r", "p.png", "100x100")
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Close()
		if b, _ := io.ReadAll(obj); string(b) != "cached" {
			t.Fatalf("regenerated instead of reading the cache: %d bytes", len(b))
		}
	})
	t.Run("not an image: no thumb", func(t *testing.T) {
		if err := st.Put(ctx, Key("c", "r", "fake.png"), bytes.NewReader([]byte("not a png"))); err != nil {
			t.Fatal(err)
		}
		if _, err := thumbs.Open(ctx, st, "c", "r", "fake.png", "100x100"); !IsNoThumb(err) {
			t.Fatalf("err = %v, want a no-thumb error", err)
		}
		if _, err := thumbs.Open(ctx, st, "c", "r", "doc.pdf", "100x100"); !IsNoThumb(err) {
			t.Fatalf("err = %v, want a no-thumb error", err)
		}
	})
}
