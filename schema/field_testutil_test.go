package schema

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
)

// prepareCase is one Prepare table row: want is the stored value when code
// is "", otherwise code is the expected FieldError code.
type prepareCase struct {
	name string
	in   any
	want any
	code string
}

func runPrepare(t *testing.T, f Field, cases []prepareCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.Prepare(tc.in)
			if tc.code != "" {
				if c := errCode(err); c != tc.code {
					t.Fatalf("Prepare(%#v) error code = %q (err %v, value %#v), want %q", tc.in, c, err, got, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("Prepare(%#v) unexpected error: %v", tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Prepare(%#v) = %#v, want %#v", tc.in, got, tc.want)
			}
		})
	}
}

type encodeCase struct {
	stored any
	want   any
}

func runEncode(t *testing.T, f Field, cases []encodeCase) {
	t.Helper()
	for _, tc := range cases {
		if got := f.Encode(tc.stored); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Encode(%#v) = %#v (%T), want %#v (%T)", tc.stored, got, got, tc.want, tc.want)
		}
	}
}

func errCode(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Code
	}
	if err != nil {
		return "<not a FieldError: " + err.Error() + ">"
	}
	return ""
}

// optionErrorKeys returns the option names CheckOptions complains about.
func optionErrorKeys(t *testing.T, f Field) []string {
	t.Helper()
	err := f.CheckOptions()
	if err == nil {
		return nil
	}
	var ve ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("CheckOptions returned %T, want ValidationErrors", err)
	}
	keys := make([]string, 0, len(ve))
	for k := range ve {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func checkOptions(t *testing.T, cases map[string]struct {
	f    Field
	keys []string
}) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := optionErrorKeys(t, tc.f); !reflect.DeepEqual(got, tc.keys) {
				t.Fatalf("CheckOptions error keys = %v, want %v", got, tc.keys)
			}
		})
	}
}

// roundTrip encodes f with MarshalField, decodes it back with the default
// registry and checks both are equal.
func roundTrip(t *testing.T, f Field) {
	t.Helper()
	raw, err := MarshalField(f)
	if err != nil {
		t.Fatalf("MarshalField: %v", err)
	}
	back, err := DefaultFieldTypes().DecodeField(json.RawMessage(raw))
	if err != nil {
		t.Fatalf("DecodeField(%s): %v", raw, err)
	}
	if !reflect.DeepEqual(back, f) {
		t.Fatalf("round trip of %s:\n got %#v\nwant %#v", raw, back, f)
	}
}

func ptr[T any](v T) *T { return &v }
