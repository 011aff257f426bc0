package schema

import "testing"

func TestEmailField_Prepare(t *testing.T) {
	runPrepare(t, &EmailField{}, []prepareCase{
		{name: "plain", in: "a@b.c", want: "a@b.c"},
		{name: "plus and dots", in: "first.last+tag@mail.example.com", want: "first.last+tag@mail.example.com"},
		{name: "empty", in: "", want: ""},
		{name: "nil", in: nil, want: ""},
		{name: "no at", in: "ab.c", code: "validation_is_email"},
		{name: "display name", in: "Ann <a@b.c>", code: "validation_is_email"},
		{name: "angle brackets", in: "<a@b.c>", code: "validation_is_email"},
		{name: "spaces", in: " a@b.c", code: "validation_is_email"},
		{name: "bad domain", in: "a@-b.c", code: "validation_is_email"},
		{name: "empty domain label", in: "a@b..c", code: "validation_is_email"},
		{name: "no local part", in: "@b.c", code: "validation_is_email"},
		{name: "list", in: []any{"a@b.c"}, code: "validation_invalid_value"},
	})
	runPrepare(t, &EmailField{OnlyDomains: []string{"example.com"}}, []prepareCase{
		{name: "allowed", in: "a@example.com", want: "a@example.com"},
		{name: "allowed case-insensitive", in: "a@Example.COM", want: "a@Example.COM"},
		{name: "other domain", in: "a@other.com", code: "validation_email_domain_not_allowed"},
		{name: "subdomain is another domain", in: "a@x.example.com", code: "validation_email_domain_not_allowed"},
	})
	runPrepare(t, &EmailField{ExceptDomains: []string{"spam.io"}}, []prepareCase{
		{name: "fine", in: "a@example.com", want: "a@example.com"},
		{name: "excluded", in: "a@spam.io", code: "validation_email_domain_not_allowed"},
	})
}

func TestEmailField_Definition(t *testing.T) {
	f := &EmailField{FieldCommon: FieldCommon{Name: "email", System: true}, ExceptDomains: []string{"a.com", "b.org"}}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"a@b.c", "a@b.c"}, {nil, ""}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"none":          {&EmailField{}, nil},
		"only":          {&EmailField{OnlyDomains: []string{"example.com"}}, nil},
		"both set":      {&EmailField{OnlyDomains: []string{"a.com"}, ExceptDomains: []string{"b.com"}}, []string{"exceptDomains", "onlyDomains"}},
		"invalid entry": {&EmailField{ExceptDomains: []string{"not a domain"}}, []string{"exceptDomains"}},
	})
	roundTrip(t, f)
	roundTrip(t, &EmailField{OnlyDomains: []string{"x.io"}})
}
