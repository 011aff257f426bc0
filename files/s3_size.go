package files

import (
	"bytes"
	"io"
)

// s3PartSize is the part size of multipart uploads. minio-go buffers one
// part per upload and, for a body of unknown size, would otherwise pick
// parts of about 550 MiB (5 TiB over 10,000 parts).
const s3PartSize = 16 << 20

// sized returns r with its length, which S3 wants up front: asked of the
// reader when it knows it (a file, a bytes.Reader), else found by reading
// up to one part. A longer body of unknown size gives -1 and goes as a
// multipart upload.
func sized(r io.Reader) (io.Reader, int64, error) {
	switch v := r.(type) {
	case interface{ Len() int }:
		return r, int64(v.Len()), nil
	case io.Seeker:
		cur, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			break
		}
		end, err := v.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, 0, err
		}
		if _, err := v.Seek(cur, io.SeekStart); err != nil {
			return nil, 0, err
		}
		return r, end - cur, nil
	}
	head, err := io.ReadAll(io.LimitReader(r, s3PartSize))
	if err != nil {
		return nil, 0, err
	}
	if len(head) < s3PartSize {
		return bytes.NewReader(head), int64(len(head)), nil
	}
	return io.MultiReader(bytes.NewReader(head), r), -1, nil
}
