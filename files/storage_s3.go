package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where an S3-compatible bucket is (AWS S3, MinIO, R2,
// Backblaze B2, …) and how to sign in to it; PocketBase's s3 settings.
type S3Config struct {
	Bucket string
	Region string
	// Endpoint is the service's URL, e.g. "https://s3.us-east-1.amazonaws.com"
	// or "http://127.0.0.1:9000"; without a scheme it means https.
	Endpoint  string
	AccessKey string
	Secret    string
	// ForcePathStyle addresses the bucket as <endpoint>/<bucket> instead of
	// <bucket>.<endpoint> (MinIO and most self-hosted services need it);
	// when false, virtual-hosted style is used where the service is known
	// to support it (AWS, Google) and path style elsewhere.
	ForcePathStyle bool
}

// S3 is a Storage in an S3-compatible bucket, with the same keys as Local.
type S3 struct {
	client *minio.Client
	bucket string
}

var _ Storage = (*S3)(nil)

// NewS3 returns the storage in cfg's bucket. It does no I/O: a wrong
// setting shows on the first request.
func NewS3(cfg S3Config) (*S3, error) { return newS3(cfg, nil) }

// newS3 is NewS3 over a given transport (nil = minio-go's default); tests
// pass one that trusts their TLS server.
func newS3(cfg S3Config, transport http.RoundTripper) (*S3, error) {
	host, secure, err := S3Endpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	lookup := minio.BucketLookupAuto
	if cfg.ForcePathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.Secret, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    transport,
		MaxRetries:   3, // a download waits on it: fail within seconds, not minutes
	})
	if err != nil {
		return nil, fmt.Errorf("s3 client: %w", err)
	}
	return &S3{client: client, bucket: cfg.Bucket}, nil
}

// S3Endpoint splits an endpoint URL into the host[:port] the client dials
// and whether it speaks TLS.
func S3Endpoint(endpoint string) (host string, secure bool, err error) {
	raw := strings.TrimSpace(endpoint)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") || (u.Path != "" && u.Path != "/") {
		return "", false, fmt.Errorf("invalid S3 endpoint %q: want a URL such as https://s3.amazonaws.com", endpoint)
	}
	return u.Host, u.Scheme == "https", nil
}

// Put uploads r under key. S3 replaces an object atomically, so readers
// never see a part of it.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	if err := checkKey(key); err != nil {
		return err
	}
	body, size, err := sized(r)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	opts := minio.PutObjectOptions{ContentType: mime.TypeByExtension(path.Ext(key)), PartSize: s3PartSize}
	if _, err := s.client.PutObject(ctx, s.bucket, key, body, size, opts); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// Open returns the object under key. Its Seek is lazy: reading after a
// seek fetches from that offset with a Range request, so ranges and thumbs
// read only what they need.
func (s *S3) Open(ctx context.Context, key string) (*Object, error) {
	if checkKey(key) != nil {
		return nil, ErrNotFound
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	info, err := obj.Stat() // sends the GET
	if err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return &Object{ReadSeekCloser: obj, Size: info.Size, ModTime: info.LastModified}, nil
}

// Delete removes the object under key (S3 answers success for a missing one).
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// DeletePrefix lists the objects under the folder prefix and deletes them
// in batches (S3 has no folders to remove).
func (s *S3) DeletePrefix(ctx context.Context, prefix string) error {
	folder := strings.TrimSuffix(prefix, "/")
	if err := checkKey(folder); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing if the removal ends early
	var listErr error
	found := make(chan minio.ObjectInfo)
	go func() {
		defer close(found) // after listErr is set: RemoveObjects reads up to this close
		for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: folder + "/", Recursive: true}) {
			if obj.Err != nil {
				listErr = obj.Err
				return
			}
			select {
			case found <- obj:
			case <-ctx.Done():
				return
			}
		}
	}()
	var errs []error
	for e := range s.client.RemoveObjects(ctx, s.bucket, found, minio.RemoveObjectsOptions{}) {
		errs = append(errs, fmt.Errorf("%s: %w", e.ObjectName, e.Err))
	}
	if listErr != nil {
		errs = append(errs, listErr)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("delete %s: %w", prefix, err)
	}
	return nil
}
