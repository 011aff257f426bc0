package schema

import (
	"regexp"
	"strings"
)

var namePattern = regexp.MustCompile(`^\w+$`)

// reservedFieldNames may not be used as field names in any collection.
var reservedFieldNames = map[string]bool{
	"null": true, "true": true, "false": true, "_rowid_": true,
	"collectionid": true, "collectionname": true, "expand": true,
}

// reservedAuthFieldNames may not be used as field names in auth collections.
var reservedAuthFieldNames = map[string]bool{"passwordconfirm": true, "oldpassword": true}

// CheckCollectionName validates a collection name against PocketBase's
// rules: word characters only, 1–255 long, no "_via_".
func CheckCollectionName(name string) error {
	switch {
	case name == "":
		return errRequired()
	case len(name) > 255:
		return &FieldError{Code: "validation_length_out_of_range", Message: "The length must be between 1 and 255."}
	case strings.Contains(strings.ToLower(name), "_via_"):
		return errFoundVia()
	case !namePattern.MatchString(name):
		return &FieldError{Code: "validation_match_invalid", Message: "Invalid name: use letters, digits and _ only."}
	}
	return nil
}

// CheckFieldName validates a field name; auth collections reserve more names.
func CheckFieldName(name string, auth bool) error {
	lower := strings.ToLower(name)
	switch {
	case name == "":
		return errRequired()
	case len(name) > 255:
		return &FieldError{Code: "validation_length_out_of_range", Message: "The length must be between 1 and 255."}
	case strings.Contains(lower, "_via_"):
		return errFoundVia()
	case !namePattern.MatchString(name) || name[0] >= '0' && name[0] <= '9':
		return &FieldError{Code: "validation_match_invalid", Message: "Invalid field name: start with a letter or _, then letters, digits and _."}
	case reservedFieldNames[lower], auth && reservedAuthFieldNames[lower]:
		return &FieldError{Code: "validation_not_in_invalid", Message: "The name \"" + name + "\" is reserved."}
	}
	return nil
}

// errFoundVia refuses "_via_" in a name, which back-relations use.
func errFoundVia() *FieldError {
	return &FieldError{Code: "validation_found_via", Message: `The value cannot contain "_via_".`}
}
