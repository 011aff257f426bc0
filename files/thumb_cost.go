package files

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
)

// maxThumbSourcePixels bounds the time a thumb takes: decoding and scaling
// run over every pixel. Memory is bounded apart, by thumbCost.
const maxThumbSourcePixels = 50_000_000

// thumbCost estimates from its header the memory that making a w×h thumb
// of the image in r takes: the decoded image, the decoder's scratch and
// the scaler's buffers. A small file can declare huge dimensions, so this
// is known before anything is decoded. It reads src from the start.
func thumbCost(src *Object, w, h int, mode string) (int64, error) {
	r := src.ReadSeekCloser
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errNoThumb, err)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > maxThumbSourcePixels {
		return 0, fmt.Errorf("%w: %dx%d is too large", errNoThumb, cfg.Width, cfg.Height)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	perPixel, err := decodedBytesPerPixel(r, cfg, format)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errNoThumb, err)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	from, dw, dh := thumbPlan(image.Rect(0, 0, cfg.Width, cfg.Height), w, h, mode)
	// The scaler goes through a dw×(source height) buffer of [4]float64
	// (x/image/draw's kernel scaler) into a dw×dh RGBA image.
	scaling := int64(dw)*int64(from.Dy())*32 + int64(dw)*int64(dh)*4
	cost := int64(perPixel*float64(px)) + scaling
	if format == "webp" {
		cost += src.Size // the VP8 decoder reads the coded data whole
	}
	return cost, nil
}

// decodedBytesPerPixel is what decoding an image of cfg holds at its peak,
// per pixel, as the standard decoders (and x/image/webp) allocate.
func decodedBytesPerPixel(r io.Reader, cfg image.Config, format string) (float64, error) {
	switch format {
	case "jpeg":
		return jpegBytesPerPixel(r, cfg.ColorModel)
	case "png":
		interlaced, err := pngInterlaced(r)
		if err != nil {
			return 0, err
		}
		n := modelBytesPerPixel(cfg.ColorModel)
		if interlaced { // each Adam7 pass is decoded apart: the image again
			n *= 2
		}
		return n, nil
	case "webp":
		switch cfg.ColorModel {
		case color.YCbCrModel: // lossy, 4:2:0
			return 1.5, nil
		case color.NYCbCrAModel: // lossy with alpha, which may be stored lossless
			return 2.5 + 8, nil
		}
		return 8, nil // lossless: ARGB words, then the NRGBA image
	}
	return modelBytesPerPixel(cfg.ColorModel), nil // gif: one paletted frame
}

// modelBytesPerPixel is the size of a pixel of the image type a decoder
// makes for color model m.
func modelBytesPerPixel(m color.Model) float64 {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	return 8 // RGBA64, NRGBA64 and anything unforeseen
}

// jpegBytesPerPixel prices image/jpeg's decoding: the component samples
// (1.5 a pixel for 4:2:0 colour, 3 for 4:4:4), a progressive image's
// coefficients kept between scans (an int32 per sample), and the RGBA or
// CMYK copy made of RGB and CMYK images.
func jpegBytesPerPixel(r io.Reader, m color.Model) (float64, error) {
	progressive, samples, err := jpegFrame(r)
	if err != nil {
		return 0, err
	}
	n := samples
	if progressive {
		n += 4 * samples
	}
	if m == color.RGBAModel || m == color.CMYKModel {
		n += 4
	}
	return n, nil
}

var errJPEGFrame = errors.New("no JPEG frame header")

// jpegFrame reads a JPEG's markers up to its frame header (SOF): whether
// it is progressive, and how many samples a pixel has over all components.
func jpegFrame(r io.Reader) (bool, float64, error) {
	br := bufio.NewReader(r)
	for {
		code, err := nextJPEGMarker(br)
		if err != nil {
			return false, 0, err
		}
		if code == 0xd8 || code == 0x01 || code >= 0xd0 && code <= 0xd7 {
			continue // SOI, TEM and RSTn carry no segment
		}
		var seg [2]byte
		if _, err := io.ReadFull(br, seg[:]); err != nil {
			return false, 0, errJPEGFrame
		}
		n := (int(seg[0])<<8 | int(seg[1])) - 2
		if code < 0xc0 || code > 0xc2 { // not a frame image/jpeg decodes
			if n < 0 || code == 0xd9 || code == 0xda {
				return false, 0, errJPEGFrame // EOI or the scan data came first
			}
			if _, err := br.Discard(n); err != nil {
				return false, 0, errJPEGFrame
			}
			continue
		}
		samples, err := jpegSamples(br, n)
		return code == 0xc2, samples, err
	}
}

// nextJPEGMarker skips to the next 0xff and returns the marker code after
// it (fill bytes skipped), as lenient as image/jpeg between segments.
func nextJPEGMarker(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, errJPEGFrame
		}
		if c != 0xff {
			continue
		}
		for c == 0xff {
			if c, err = br.ReadByte(); err != nil {
				return 0, errJPEGFrame
			}
		}
		if c != 0 {
			return c, nil
		}
	}
}

// jpegSamples reads an SOF segment of n bytes: precision, height, width,
// then per component an id, its sampling factors and a table number.
func jpegSamples(br *bufio.Reader, n int) (float64, error) {
	if n < 6 || n > 6+3*4 {
		return 0, errJPEGFrame
	}
	seg := make([]byte, n)
	if _, err := io.ReadFull(br, seg); err != nil {
		return 0, errJPEGFrame
	}
	comps := int(seg[5])
	if comps == 0 || n < 6+3*comps {
		return 0, errJPEGFrame
	}
	var sum, hMax, vMax int
	for i := range comps {
		hv := seg[6+3*i+1]
		h, v := int(hv>>4), int(hv&0x0f)
		if h == 0 || v == 0 {
			return 0, errJPEGFrame
		}
		sum += h * v
		hMax, vMax = max(hMax, h), max(vMax, v)
	}
	return float64(sum) / float64(hMax*vMax), nil
}

// pngInterlaced reads the interlace method from a PNG's IHDR, which
// follows the signature, the chunk length and type, and 12 bytes of
// width, height, depth, colour type, compression and filter.
func pngInterlaced(r io.Reader) (bool, error) {
	var head [29]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return false, fmt.Errorf("png header: %w", err)
	}
	return head[28] != 0, nil
}
