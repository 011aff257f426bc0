package files

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	_ "golang.org/x/image/webp" // registers the webp decoder
)

// renderThumb decodes the original (first frame of an animation) and
// encodes its resized copy. A decoder panic on a crafted file becomes an
// error: the making runs on a goroutine of its own, where a panic would
// end the process.
func renderThumb(ctx context.Context, st Storage, key string, w, h int, mode string) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("%w: decoder panic: %v", errNoThumb, p)
		}
	}()
	src, err := st.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	img, format, err := image.Decode(src)
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
