package files

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewFilename(t *testing.T) {
	random := `[a-z0-9]{10}`
	tests := []struct {
		original, sniffed string
		want              string // a regexp
	}{
		{"My Photo.PNG", ".png", `^my_photo_` + random + `\.png$`},
		{"report.final.pdf", ".pdf", `^report_final_` + random + `\.pdf$`},
		{"backup.tar.gz", ".gz", `^backup_` + random + `\.tar\.gz$`},
		{"camelCaseName.txt", ".txt", `^camel_case_name_` + random + `\.txt$`},
		{"no extension", ".txt", `^no_extension_` + random + `\.txt$`},
		{".env", ".txt", random + `_` + random + `\.env$`},
		{".txt", ".txt", `^` + random + `_` + random + `\.txt$`},
		{"a.jpg", ".jpg", `^a` + random + `_` + random + `\.jpg$`}, // short base: a random filler
		{"../../etc/passwd", "", `^passwd_` + random + `$`},
		{`C:\Users\me\cv.pdf`, ".pdf", `^cv` + random + `_` + random + `\.pdf$`},
		{"weird.p<n>g", ".png", `^weird_` + random + `\.png$`},
		{"ünïcödé.webp", ".webp", `^n_c_d_` + random + `\.webp$`},
		{"x.verylongextensionthatgoeson", "", `^x` + random + `_` + random + `\.extensionthatgoeson$`},
	}
	for _, tc := range tests {
		got := NewFilename(tc.original, tc.sniffed)
		if !regexp.MustCompile(tc.want).MatchString(got) {
			t.Errorf("NewFilename(%q) = %q, want %s", tc.original, got, tc.want)
		}
	}
	long := NewFilename(strings.Repeat("a", 300)+".png", ".png")
	if len(long) != 100+1+10+4 {
		t.Errorf("a long name is cut to 100 characters: %q (%d)", long, len(long))
	}
	if NewFilename("same.png", ".png") == NewFilename("same.png", ".png") {
		t.Error("two uploads of one name must get different names")
	}
}
