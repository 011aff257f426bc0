package files

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/jpeg"
	"testing"
)

// pngHeader is the start of a PNG as far as DecodeConfig reads: the
// signature, an IHDR declaring w×h, and the header of an empty IDAT. It
// lets a test declare dimensions no test should decode.
func pngHeader(w, h uint32, depth, colorType, interlace byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, depth, colorType, 0, 0, interlace))
	chunk("IDAT", nil)
	return b.Bytes()
}

// jpegHeader is a JFIF start up to a frame header (SOF0, or SOF2 when
// progressive) declaring w×h with components of the given sampling
// factors (0x22 is 2×2): DecodeConfig stops there.
func jpegHeader(w, h uint16, progressive bool, sampling ...byte) []byte {
	b := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	sof := byte(0xc0)
	if progressive {
		sof = 0xc2
	}
	b = append(b, 0xff, sof, 0, byte(8+3*len(sampling)), 8, byte(h>>8), byte(h), byte(w>>8), byte(w), byte(len(sampling)))
	for i, s := range sampling {
		b = append(b, byte(i+1), s, 0)
	}
	return b
}

func TestThumbCost(t *testing.T) {
	const mib = 1 << 20
	var photo bytes.Buffer // a real baseline 4:2:0 JPEG, as cameras write
	if err := jpeg.Encode(&photo, image.NewYCbCr(image.Rect(0, 0, 400, 300), image.YCbCrSubsampleRatio420), nil); err != nil {
		t.Fatal(err)
	}
	// A 100x100 thumb of a 7071×7071 image scales through 100×7071 [4]float64.
	const side, scaling = 7071, 100*7071*32 + 100*100*4
	tests := []struct {
		name string
		data []byte
		want int64 // 0: refused
	}{
		{"8-bit RGBA PNG: 4 bytes a pixel", pngHeader(side, side, 8, 6, 0), side*side*4 + scaling},
		{"grey PNG: 1 byte a pixel", pngHeader(side, side, 8, 0, 0), side*side + scaling},
		{"16-bit RGBA PNG: 8 bytes a pixel", pngHeader(side, side, 16, 6, 0), side*side*8 + scaling},
		{"interlaced PNG: its passes again", pngHeader(side, side, 8, 0, 1), side*side*2 + scaling},
		{"baseline 4:2:0 JPEG: 1.5 bytes a pixel", jpegHeader(side, side, false, 0x22, 0x11, 0x11), side*side*3/2 + scaling},
		{"progressive 4:4:4 JPEG: 3 samples and their coefficients", jpegHeader(side, side, true, 0x11, 0x11, 0x11), side*side*15 + scaling},
		{"CMYK JPEG: 4 samples and the CMYK copy", jpegHeader(side, side, false, 0x11, 0x11, 0x11, 0x11), side*side*8 + scaling},
		{"encoded JPEG", photo.Bytes(), 400*300*3/2 + 100*300*32 + 100*100*4},
		{"above the pixel cap", pngHeader(100_000, 100_000, 8, 0, 0), 0},
		{"not an image", []byte("GIF89a, or so it says"), 0},
	}
	st := NewLocal(t.TempDir())
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := st.Put(ctx, "c/r/f", bytes.NewReader(tc.data)); err != nil {
				t.Fatal(err)
			}
			src, err := st.Open(ctx, "c/r/f")
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, err := thumbCost(src, 100, 100, "")
			if tc.want == 0 {
				if !IsNoThumb(err) {
					t.Fatalf("cost %d MiB, err %v: want a no-thumb error", got/mib, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("cost %d (%d MiB), %v; want %d", got, got/mib, err, tc.want)
			}
		})
	}
}

// The budget decides which images are thumbed: one whose making alone
// would take more than the budget is refused before anything is decoded,
// and nothing is stored for it.
func TestThumbnailer_RefusesImagesAboveTheBudget(t *testing.T) {
	ctx := context.Background()
	st := NewLocal(t.TempDir())
	put, read := storageIO(t, st)
	put(Key("c", "r", "huge.png"), string(pngHeader(7071, 7071, 8, 6, 0))) // 190 MiB to decode
	put(Key("c", "r", "small.png"), string(pngBytes(t, 40, 40)))
	thumbs := NewThumbnailer(ThumbConfig{})

	if _, err := thumbs.Open(ctx, st, "c", "r", "huge.png", "100x100"); !IsNoThumb(err) {
		t.Fatalf("err = %v, want a no-thumb error", err)
	}
	if _, err := read(thumbKey("c", "r", "huge.png", "100x100")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused thumb is stored: %v", err)
	}
	small := NewThumbnailer(ThumbConfig{Memory: 100 << 10}) // 40×40 to 100x100 takes ~130 KiB
	if _, err := small.Open(ctx, st, "c", "r", "small.png", "100x100"); !IsNoThumb(err) {
		t.Fatalf("with a 100 KiB budget: err = %v, want a no-thumb error", err)
	}
	obj, err := thumbs.Open(ctx, st, "c", "r", "small.png", "100x100")
	if err != nil {
		t.Fatalf("with the default budget: %v", err)
	}
	obj.Close()
}
