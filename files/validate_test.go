package files

import (
	"errors"
	"regexp"
	"testing"

	"github.com/monobase/monobase/schema"
)

func TestCheckUpload(t *testing.T) {
	img := pngBytes(t, 4, 4)
	text := []byte("just some text\n")
	tests := []struct {
		name  string
		field *schema.FileField
		up    *Upload
		code  string // "" = valid
		named string // a regexp for the stored name
	}{
		{"within the default size", &schema.FileField{}, UploadFromBytes("a.png", img), "", `^a[a-z0-9]{10}_[a-z0-9]{10}\.png$`},
		{"over maxSize", &schema.FileField{MaxSize: 10}, UploadFromBytes("a.png", img), "validation_file_size_limit", ""},
		{"over the default size", &schema.FileField{}, NewUpload("big.bin", schema.DefaultFileMaxSize+1, nil), "validation_file_size_limit", ""},
		{"allowed type", &schema.FileField{MimeTypes: []string{"image/jpeg", "image/png"}}, UploadFromBytes("pic.png", img), "", `^pic_[a-z0-9]{10}\.png$`},
		{"type sniffed, not taken from the name", &schema.FileField{MimeTypes: []string{"image/png"}}, UploadFromBytes("fake.png", text), "validation_invalid_mime_type", ""},
		{"text allowed", &schema.FileField{MimeTypes: []string{"text/plain"}}, UploadFromBytes("notes", text), "", `^notes_[a-z0-9]{10}\.txt$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckUpload(tc.field, tc.up)
			if tc.code != "" {
				var fe *schema.FieldError
				if !errors.As(err, &fe) || fe.Code != tc.code {
					t.Fatalf("err = %v, want code %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Upload != tc.up || !regexp.MustCompile(tc.named).MatchString(got.Name) {
				t.Fatalf("got %+v, want a name matching %s", got, tc.named)
			}
		})
	}
}
