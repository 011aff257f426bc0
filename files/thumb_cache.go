package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/monobase/monobase/schema"
	_ "golang.org/x/image/webp" // registers the webp decoder
)

// maxThumbSourcePixels bounds the images thumbs are made of: a small file
// can declare huge dimensions, and decoding it would take gigabytes.
const maxThumbSourcePixels = 50_000_000

// errNoThumb means the original cannot be thumbed (not an image of a
// supported format, too large, or damaged).
var errNoThumb = errors.New("no thumb for this file")

// OpenThumb returns the thumb of a record's file at size (e.g. "100x50t"),
// making and caching it on first use. PNG, WebP and other sources give a
// PNG; JPEG and GIF keep their format. An original that cannot be thumbed
// gives an error wrapping errNoThumb: serve the original instead.
func OpenThumb(ctx context.Context, st Storage, collectionID, recordID, name, size string) (*Object, error) {
	key := thumbKey(collectionID, recordID, name, size)
	obj, err := st.Open(ctx, key)
	if !errors.Is(err, ErrNotFound) {
		return obj, err
	}
	w, h, mode, ok := schema.ParseThumbSize(size)
	if !ok || !Thumbable(name) {
		return nil, errNoThumb
	}
	data, err := renderThumb(ctx, st, Key(collectionID, recordID, name), w, h, mode)
	if err != nil {
		return nil, err
	}
	if err := st.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return st.Open(ctx, key)
}

// renderThumb decodes the original (first frame of an animation) and
// encodes its resized copy.
func renderThumb(ctx context.Context, st Storage, key string, w, h int, mode string) ([]byte, error) {
	src, err := st.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	cfg, format, err := image.DecodeConfig(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumb, err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxThumbSourcePixels {
		return nil, fmt.Errorf("%w: %dx%d is too large", errNoThumb, cfg.Width, cfg.Height)
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoThumb, err)
	}
	out := resize(img, w, h, mode)
	var buf bytes.Buffer
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 85})
	case "gif":
		err = gif.Encode(&buf, out, nil)
	default:
		err = png.Encode(&buf, out)
	}
	if err != nil {
		return nil, fmt.Errorf("encode thumb: %w", err)
	}
	return buf.Bytes(), nil
}

// IsNoThumb reports whether err says the original cannot be thumbed.
func IsNoThumb(err error) bool { return errors.Is(err, errNoThumb) }
