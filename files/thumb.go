package files

import (
	"image"
	"path"
	"slices"
	"strings"

	"github.com/monobase/monobase/schema"
	"golang.org/x/image/draw"
)

// DefaultThumb is the thumb size every file field serves.
const DefaultThumb = "100x100"

// ThumbAllowed reports whether size may be served for files of field f:
// 100x100 always, other sizes only when the field lists them (so a
// client cannot make the server render and store any size it likes).
func ThumbAllowed(f *schema.FileField, size string) bool {
	if _, _, _, ok := schema.ParseThumbSize(size); !ok {
		return false
	}
	return size == DefaultThumb || slices.Contains(f.Thumbs, size)
}

// Thumbable reports whether a file can have thumbs, by its extension:
// png, jpg, jpeg, gif and webp images.
func Thumbable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

// resize renders src at a thumb size (see thumbPlan).
func resize(src image.Image, w, h int, mode string) image.Image {
	from, dw, dh := thumbPlan(src.Bounds(), w, h, mode)
	if dw == 0 {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, from, draw.Src, nil)
	return dst
}

// thumbPlan says which part of an image with bounds sb a thumb shows and
// at what size: w×h cropped from the center (mode ""), the top ("t") or
// the bottom ("b"); fitted inside w×h ("f"); with 0 for w or h the other
// side sets the scale and nothing is cropped. An empty image gives dw 0.
// The cost estimate uses it too, so it prices the scale that runs.
func thumbPlan(sb image.Rectangle, w, h int, mode string) (from image.Rectangle, dw, dh int) {
	sw, sh := sb.Dx(), sb.Dy()
	if sw == 0 || sh == 0 {
		return sb, 0, 0
	}
	switch {
	case w == 0:
		return sb, max(1, sw*h/sh), h
	case h == 0:
		return sb, w, max(1, sh*w/sw)
	case mode == "f":
		if sw*h > sh*w { // wider than the box: the width decides
			return sb, w, max(1, sh*w/sw)
		}
		return sb, max(1, sw*h/sh), h
	}
	return cropRect(sb, w, h, mode), w, h
}

// cropRect is the largest part of b with the aspect ratio w:h, centered
// horizontally and placed vertically by mode (top, bottom or center).
func cropRect(b image.Rectangle, w, h int, mode string) image.Rectangle {
	sw, sh := b.Dx(), b.Dy()
	cw, ch := sw, sh
	if sw*h > sh*w {
		cw = max(1, sh*w/h) // too wide: keep the height
	} else {
		ch = max(1, sw*h/w) // too tall: keep the width
	}
	x := b.Min.X + (sw-cw)/2
	y := b.Min.Y + (sh-ch)/2
	switch mode {
	case "t":
		y = b.Min.Y
	case "b":
		y = b.Max.Y - ch
	}
	return image.Rect(x, y, x+cw, y+ch)
}
