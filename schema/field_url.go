package schema

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// URLField is an absolute URL with a scheme and a host.
type URLField struct {
	FieldCommon
	ExceptDomains []string `json:"exceptDomains"`
	OnlyDomains   []string `json:"onlyDomains"`
}

func (f *URLField) Type() string { return "url" }

func (f *URLField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *URLField) CheckOptions() error { return checkDomainLists(f.ExceptDomains, f.OnlyDomains) }

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

func (f *URLField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil || s == "" {
		return s, err
	}
	u, perr := url.Parse(s)
	if perr != nil || strings.ContainsFunc(s, unicode.IsSpace) || !urlScheme.MatchString(u.Scheme) || !isHost(u.Hostname()) {
		// PocketBase's code for this field (not ozzo's validation_is_url).
		return nil, &FieldError{Code: "validation_invalid_url", Message: "Must be a valid url."}
	}
	if !domainAllowed(u.Hostname(), f.ExceptDomains, f.OnlyDomains) {
		return nil, &FieldError{Code: "validation_url_domain_not_allowed", Message: "Url domain is not allowed."}
	}
	return s, nil
}

func (f *URLField) Encode(stored any) any { return stringValue(stored) }

func isHost(h string) bool { return isDomain(h) || net.ParseIP(h) != nil }
