package schema

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
)

// EmailField is an e-mail address. Only one of ExceptDomains and OnlyDomains
// may be set.
type EmailField struct {
	FieldCommon
	ExceptDomains []string `json:"exceptDomains"`
	OnlyDomains   []string `json:"onlyDomains"`
}

func (f *EmailField) Type() string { return "email" }

func (f *EmailField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *EmailField) CheckOptions() error { return checkDomainLists(f.ExceptDomains, f.OnlyDomains) }

func (f *EmailField) Prepare(v any) (any, error) {
	s, err := toText(v)
	if err != nil || s == "" {
		return s, err
	}
	at := strings.LastIndexByte(s, '@')
	// net/mail also accepts `Name <a@b.c>` and comments; only the bare
	// address is a valid stored value.
	addr, perr := mail.ParseAddress(s)
	if perr != nil || addr.Address != s || at < 1 || !isDomain(s[at+1:]) {
		return nil, &FieldError{Code: "validation_is_email", Message: "Must be a valid email address."}
	}
	if !domainAllowed(s[at+1:], f.ExceptDomains, f.OnlyDomains) {
		return nil, &FieldError{Code: "validation_email_domain_not_allowed", Message: "Email domain is not allowed."}
	}
	return s, nil
}

func (f *EmailField) Encode(stored any) any { return stringValue(stored) }

var domainLabel = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// isDomain reports whether s is a host name made of DNS labels.
func isDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if !domainLabel.MatchString(label) {
			return false
		}
	}
	return true
}

// domainAllowed applies exceptDomains/onlyDomains; DNS names are
// case-insensitive.
func domainAllowed(domain string, except, only []string) bool {
	match := func(d string) bool { return strings.EqualFold(d, domain) }
	if len(only) > 0 && !slices.ContainsFunc(only, match) {
		return false
	}
	return !slices.ContainsFunc(except, match)
}

// checkDomainLists validates the exceptDomains/onlyDomains options shared by
// email and url fields.
func checkDomainLists(except, only []string) error {
	errs := ValidationErrors{}
	check := func(key string, list, other []string) {
		if len(list) > 0 && len(other) > 0 {
			errs[key] = errInvalid("Only one of exceptDomains and onlyDomains may be set.")
			return
		}
		for _, d := range list {
			if !isDomain(d) {
				errs[key] = errInvalid("Invalid domain " + d + ".")
				return
			}
		}
	}
	check("exceptDomains", except, only)
	check("onlyDomains", only, except)
	return errs.OrNil()
}
