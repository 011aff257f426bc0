package schema

import "testing"

func TestURLField_Prepare(t *testing.T) {
	runPrepare(t, &URLField{}, []prepareCase{
		{name: "https", in: "https://example.com/a?b=c#d", want: "https://example.com/a?b=c#d"},
		{name: "http with port", in: "http://localhost:8090", want: "http://localhost:8090"},
		{name: "ip", in: "http://127.0.0.1/x", want: "http://127.0.0.1/x"},
		{name: "ipv6", in: "http://[::1]:80/", want: "http://[::1]:80/"},
		{name: "other scheme with host", in: "ftp://files.example.com/a.txt", want: "ftp://files.example.com/a.txt"},
		{name: "empty", in: "", want: ""},
		{name: "no scheme (as PocketBase)", in: "example.com", want: "example.com"},
		{name: "scheme PocketBase does not take", in: "custom://example.com", code: "validation_invalid_url"},
		{name: "relative", in: "/a/b", code: "validation_invalid_url"},
		{name: "no host", in: "https://", code: "validation_invalid_url"},
		{name: "space", in: "https://example.com/a b", code: "validation_invalid_url"},
		{name: "bad host", in: "https://exa_mple!.com", code: "validation_invalid_url"},
		{name: "garbage", in: "::::", code: "validation_invalid_url"},
	})
	runPrepare(t, &URLField{OnlyDomains: []string{"example.com"}}, []prepareCase{
		{name: "allowed with port", in: "https://example.com:8443/x", want: "https://example.com:8443/x"},
		{name: "other", in: "https://other.com", code: "validation_url_domain_not_allowed"},
	})
	runPrepare(t, &URLField{ExceptDomains: []string{"bad.com"}}, []prepareCase{
		{name: "excluded", in: "http://bad.com/", code: "validation_url_domain_not_allowed"},
		{name: "fine", in: "http://good.com/", want: "http://good.com/"},
	})
}

func TestURLField_Definition(t *testing.T) {
	f := &URLField{FieldCommon: FieldCommon{Name: "site"}, OnlyDomains: []string{"example.com"}}
	if got := f.ColumnDef(); got != "TEXT DEFAULT '' NOT NULL" {
		t.Errorf("ColumnDef = %q", got)
	}
	runEncode(t, f, []encodeCase{{"https://x.io", "https://x.io"}, {nil, ""}})
	checkOptions(t, map[string]struct {
		f    Field
		keys []string
	}{
		"none":     {&URLField{}, nil},
		"both set": {&URLField{OnlyDomains: []string{"a.com"}, ExceptDomains: []string{"b.com"}}, []string{"exceptDomains", "onlyDomains"}},
		"invalid":  {&URLField{OnlyDomains: []string{"http://a.com"}}, []string{"onlyDomains"}},
	})
	roundTrip(t, f)
}
