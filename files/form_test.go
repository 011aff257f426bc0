package files

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"os"
	"strings"
	"testing"
)

type testPart struct {
	key, filename string
	content       []byte
}

// formBody encodes parts as multipart/form-data.
func formBody(t *testing.T, parts ...testPart) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.filename == "" {
			w, err = mw.CreateFormField(p.key)
		} else {
			w, err = mw.CreateFormFile(p.key, p.filename)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(p.content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.Boundary()
}

// countingReader counts what was read from the body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func readAll(t *testing.T, u *Upload) []byte {
	t.Helper()
	rc, err := u.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadForm(t *testing.T) {
	small := []byte("small file")
	large := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
	t.Run("values in memory, small files in memory, others in temporary files", func(t *testing.T) {
		body, boundary := formBody(t,
			testPart{key: "title", content: []byte("Hello")}, testPart{key: "title", content: []byte("again")},
			testPart{key: "doc", filename: "a.txt", content: small}, testPart{key: "doc", filename: "b.bin", content: large})
		form, err := ReadForm(multipart.NewReader(body, boundary), FormLimits{MemoryBytes: 1024, ValueBytes: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got := form.Values["title"]; len(got) != 2 || got[0] != "Hello" || got[1] != "again" {
			t.Fatalf("values %v", got)
		}
		docs := form.Files["doc"]
		if len(docs) != 2 || docs[0].Name != "a.txt" || docs[1].Name != "b.bin" || docs[1].Size != int64(len(large)) {
			t.Fatalf("files %+v", docs)
		}
		if !bytes.Equal(readAll(t, docs[0]), small) || !bytes.Equal(readAll(t, docs[1]), large) {
			t.Fatal("contents differ")
		}
		if len(form.temps) != 1 {
			t.Fatalf("temporary files %v, want the large one only", form.temps)
		}
		spooled := form.temps[0]
		if err := form.RemoveAll(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(spooled); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("temporary file left: %v", err)
		}
	})
	t.Run("a file past its key's limit stops the read there", func(t *testing.T) {
		huge := bytes.Repeat([]byte("x"), 4<<20)
		body, boundary := formBody(t, testPart{key: "doc+", filename: "huge.bin", content: huge}, testPart{key: "title", content: []byte("after")})
		cr := &countingReader{r: body}
		_, err := ReadForm(multipart.NewReader(cr, boundary), FormLimits{
			MemoryBytes: 1024, ValueBytes: 100,
			FileBytes: func(key string) int64 {
				if key == "doc+" {
					return 100 << 10
				}
				return 0
			}})
		var big *FileTooLargeError
		if !errors.As(err, &big) || big.Key != "doc+" || big.Filename != "huge.bin" || big.Limit != 100<<10 {
			t.Fatalf("err %v", err)
		}
		if cr.n > 200<<10 { // the limit, plus the reader's buffers
			t.Fatalf("read %d bytes of a 4 MiB body for a 100 KiB limit", cr.n)
		}
		if fe := big.FieldError(); fe.Code != "validation_file_size_limit" || fe.Params["maxSize"] != int64(100<<10) {
			t.Fatalf("field error %+v", fe)
		}
	})
	t.Run("a file at its key's limit passes, in memory or on disk", func(t *testing.T) {
		exact := bytes.Repeat([]byte("y"), 5000)
		for _, memory := range []int64{100, 10000} {
			body, boundary := formBody(t, testPart{key: "doc", filename: "y.bin", content: exact})
			form, err := ReadForm(multipart.NewReader(body, boundary), FormLimits{MemoryBytes: memory, ValueBytes: 100,
				FileBytes: func(string) int64 { return 5000 }})
			if err != nil {
				t.Fatalf("memory %d: %v", memory, err)
			}
			if u := form.Files["doc"][0]; u.Size != 5000 || !bytes.Equal(readAll(t, u), exact) {
				t.Fatalf("memory %d: %d bytes", memory, u.Size)
			}
			_ = form.RemoveAll()
		}
	})
	t.Run("values past ValueBytes and too many parts are refused", func(t *testing.T) {
		body, boundary := formBody(t, testPart{key: "a", content: []byte(strings.Repeat("v", 60))}, testPart{key: "b", content: []byte(strings.Repeat("v", 60))})
		if _, err := ReadForm(multipart.NewReader(body, boundary), FormLimits{ValueBytes: 100}); !errors.Is(err, ErrFormTooLarge) {
			t.Fatalf("values: %v", err)
		}
		parts := make([]testPart, maxFormParts+1)
		for i := range parts {
			parts[i] = testPart{key: "k", content: []byte("v")}
		}
		body, boundary = formBody(t, parts...)
		if _, err := ReadForm(multipart.NewReader(body, boundary), FormLimits{ValueBytes: 1 << 20}); !errors.Is(err, ErrFormTooLarge) {
			t.Fatalf("parts: %v", err)
		}
	})
	t.Run("an error removes the files read so far", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("TMPDIR", dir)
		body, boundary := formBody(t, testPart{key: "doc", filename: "l.bin", content: large}, testPart{key: "doc", filename: "m.bin", content: append(large, 'x', 'y')})
		if _, err := ReadForm(multipart.NewReader(body, boundary), FormLimits{MemoryBytes: 10, ValueBytes: 100,
			FileBytes: func(string) int64 { return int64(len(large)) + 1 }}); err == nil {
			t.Fatal("the second file passes the limit")
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 { // l.bin was spooled before m.bin failed
			t.Fatalf("%d temporary files left", len(left))
		}
	})
}
