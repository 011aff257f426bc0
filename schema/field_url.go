package schema

import (
	"net/url"
	"strings"

	"github.com/asaskevich/govalidator"
)

// URLField is a URL as PocketBase takes one: a host, with or without a
// scheme.
type URLField struct {
	FieldCommon
	ExceptDomains []string `json:"exceptDomains"`
	OnlyDomains   []string `json:"onlyDomains"`
}

func (f *URLField) Type() string { return "url" }

func (f *URLField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *URLField) CheckOptions() error { return checkDomainLists(f.ExceptDomains, f.OnlyDomains) }

func (f *URLField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil || s == "" {
		return s, err
	}
	// PocketBase's check (govalidator's IsURL): the scheme may be left out
	// ("example.com"), and if given is one of http(s), ws(s), ftp, tcp, udp.
	if !govalidator.IsURL(s) {
		// PocketBase's code for this field (not ozzo's validation_is_url).
		return nil, &FieldError{Code: "validation_invalid_url", Message: "Must be a valid url."}
	}
	if !domainAllowed(urlHost(s), f.ExceptDomains, f.OnlyDomains) {
		return nil, &FieldError{Code: "validation_url_domain_not_allowed", Message: "Url domain is not allowed."}
	}
	return s, nil
}

// urlHost is the host name of a valid URL, with or without its scheme.
func urlHost(s string) string {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func (f *URLField) Encode(stored any) any { return stringValue(stored) }
