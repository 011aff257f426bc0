package resolvers

import (
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

// S3Settings put uploaded files in an S3-compatible bucket instead of the
// local disk (PocketBase's "s3" key). Secret is write-only: it is stored
// but never returned. Files already stored on the other backend are not
// moved when Enabled changes.
type S3Settings struct {
	Enabled        bool   `json:"enabled"`
	Bucket         string `json:"bucket"`
	Region         string `json:"region"`
	Endpoint       string `json:"endpoint"`
	AccessKey      string `json:"accessKey"`
	Secret         string `json:"secret,omitempty"`
	ForcePathStyle bool   `json:"forcePathStyle"`
}

// config is the files package's view of the settings.
func (c S3Settings) config() files.S3Config {
	return files.S3Config{
		Bucket:         c.Bucket,
		Region:         c.Region,
		Endpoint:       c.Endpoint,
		AccessKey:      c.AccessKey,
		Secret:         c.Secret,
		ForcePathStyle: c.ForcePathStyle,
	}
}

// validate requires, as PocketBase does, every connection value once S3
// is enabled; an endpoint given must be a URL either way.
func (c S3Settings) validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if c.Enabled {
		requireLen(errs, "bucket", c.Bucket, 255)
		requireLen(errs, "region", c.Region, 255)
		requireLen(errs, "endpoint", c.Endpoint, 2048)
		requireLen(errs, "accessKey", c.AccessKey, 255)
		requireLen(errs, "secret", c.Secret, 255)
	}
	if errs["endpoint"] == nil && c.Endpoint != "" {
		if _, _, err := files.S3Endpoint(c.Endpoint); err != nil {
			errs["endpoint"] = &schema.FieldError{Code: "validation_is_url", Message: "Must be a valid URL."}
		}
	}
	return errs
}
