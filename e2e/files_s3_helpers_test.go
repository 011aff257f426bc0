package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7/pkg/s3utils"
)

// fakeS3 is an in-memory S3 service (gofakes3) on 127.0.0.1 that, unlike
// gofakes3 alone, checks each request's SigV4 signature against one key
// pair, so wrong credentials fail as on a real service.
type fakeS3 struct {
	URL       string
	Bucket    string
	AccessKey string
	Secret    string
	backend   *s3mem.Backend
}

func startFakeS3(t *testing.T) *fakeS3 {
	t.Helper()
	f := &fakeS3{Bucket: "monobase-files", AccessKey: "AKIDEXAMPLE", Secret: "wJalrXUtnFEMI-example-secret", backend: s3mem.New()}
	if err := f.backend.CreateBucket(f.Bucket); err != nil {
		t.Fatal(err)
	}
	s3 := gofakes3.New(f.backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, msg := f.checkSignature(r); code != "" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
			return
		}
		s3.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// settings is the s3 settings object that points at the fake service.
func (f *fakeS3) settings() map[string]any {
	return map[string]any{"enabled": true, "bucket": f.Bucket, "region": "us-east-1", "endpoint": f.URL,
		"accessKey": f.AccessKey, "secret": f.Secret, "forcePathStyle": true}
}

// keys lists the stored keys under prefix.
func (f *fakeS3) keys(t *testing.T, prefix string) []string {
	t.Helper()
	p := gofakes3.NewPrefix(&prefix, nil)
	list, err := f.backend.ListBucket(f.Bucket, &p, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	slices.Sort(out)
	return out
}

// checkSignature recomputes the request's SigV4 header signature (the
// payload hash is taken as the client declared it) and names the S3 error
// when it does not match.
func (f *fakeS3) checkSignature(r *http.Request) (code, msg string) {
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
	parts := map[string]string{}
	for _, p := range strings.Split(auth, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[k] = v
	}
	scope := strings.SplitN(parts["Credential"], "/", 2)
	if len(scope) != 2 || scope[0] != f.AccessKey {
		return "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
	}
	signed := strings.Split(parts["SignedHeaders"], ";")
	var headers strings.Builder
	for _, h := range signed {
		v := strings.Join(r.Header.Values(h), ",")
		if h == "host" {
			v = r.Host
		}
		headers.WriteString(h + ":" + strings.Join(strings.Fields(v), " ") + "\n")
	}
	canonical := strings.Join([]string{r.Method, s3utils.EncodePath(r.URL.Path),
		strings.ReplaceAll(r.URL.Query().Encode(), "+", "%20"), headers.String(),
		parts["SignedHeaders"], r.Header.Get("X-Amz-Content-Sha256")}, "\n")
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + r.Header.Get("X-Amz-Date") + "\n" + scope[1] + "\n" + hex.EncodeToString(sum[:])
	key := []byte("AWS4" + f.Secret)
	for _, s := range strings.Split(scope[1], "/") { // date, region, service, "aws4_request"
		key = hmacSHA256(key, s)
	}
	if hex.EncodeToString(hmacSHA256(key, toSign)) != parts["Signature"] {
		return "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."
	}
	return "", ""
}

func hmacSHA256(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}
