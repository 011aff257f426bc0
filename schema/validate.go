package schema

import (
	"fmt"
	"strings"
)

// Lookup finds another collection by id or name (nil when none).
type Lookup func(idOrName string) *Collection

// Validate checks c as a whole: name, type, fields, indexes and relations.
// lookup resolves relation targets; c itself is not yet in it when new.
// It returns ValidationErrors keyed like PocketBase's (name, type,
// fields.N.option, indexes.N).
func (c *Collection) Validate(lookup Lookup) error {
	errs := ValidationErrors{}
	if err := CheckCollectionName(c.Name); err != nil {
		errs["name"] = err
	}
	switch c.Type {
	case TypeBase, TypeAuth, TypeView:
	default:
		errs["type"] = &FieldError{Code: "validation_in_invalid", Message: "Type must be base, auth or view."}
	}
	if c.IsView() && strings.TrimSpace(c.ViewQuery) == "" {
		errs["viewQuery"] = errRequired()
	}
	if c.IsAuth() && c.AuthOptions == nil {
		errs["authRule"] = errInvalid("Missing auth options.")
	}
	if !c.IsAuth() && c.AuthOptions != nil {
		c.AuthOptions = nil // options of another type are ignored, as PocketBase does
	}
	if fe := c.validateFields(lookup); len(fe) > 0 {
		errs["fields"] = fe
	}
	if ie := c.validateIndexes(); len(ie) > 0 {
		errs["indexes"] = ie
	}
	if c.IsAuth() && c.AuthOptions != nil {
		if ae := c.validateAuthOptions(); len(ae) > 0 {
			for k, v := range ae {
				errs[k] = v
			}
		}
	}
	return errs.OrNil()
}

func (c *Collection) validateFields(lookup Lookup) ValidationErrors {
	errs := ValidationErrors{}
	seenName := map[string]bool{}
	seenID := map[string]bool{}
	for i, f := range c.Fields {
		fe := ValidationErrors{}
		cm := f.Common()
		if err := CheckFieldName(cm.Name, c.IsAuth()); err != nil && !(cm.System && cm.Name == "id") {
			fe["name"] = err
		}
		lower := strings.ToLower(cm.Name)
		if seenName[lower] {
			fe["name"] = &FieldError{Code: "validation_duplicated_field_name", Message: "Duplicated or invalid field name " + cm.Name + ".", Params: map[string]any{"fieldName": cm.Name}}
		}
		seenName[lower] = true
		if cm.ID != "" && seenID[cm.ID] {
			fe["id"] = &FieldError{Code: "validation_duplicated_field_id", Message: "Duplicated field id."}
		}
		seenID[cm.ID] = true
		if err := f.CheckOptions(); err != nil {
			if ve, ok := err.(ValidationErrors); ok {
				for k, v := range ve {
					fe[k] = v
				}
			} else {
				fe["type"] = err
			}
		}
		if _, ok := f.(*PasswordField); ok && !c.IsAuth() {
			fe["type"] = errInvalid("Password fields exist only in auth collections.")
		}
		if rel, ok := f.(*RelationField); ok {
			if t := lookupTarget(lookup, c, rel.CollectionID); t == nil {
				fe["collectionId"] = &FieldError{Code: "validation_field_relation_missing_collection", Message: "The relation collection doesn't exist."}
			} else if t.IsView() && !c.IsView() {
				fe["collectionId"] = errInvalid("A relation cannot point to a view collection.")
			}
		}
		if len(fe) > 0 {
			errs[fmt.Sprint(i)] = fe
		}
	}
	return errs
}

// lookupTarget resolves a relation target, allowing self-references of a
// collection that is not saved yet.
func lookupTarget(lookup Lookup, self *Collection, idOrName string) *Collection {
	if idOrName == "" {
		return nil
	}
	if self.Matches(idOrName) {
		return self
	}
	if lookup == nil {
		return nil
	}
	return lookup(idOrName)
}

func (c *Collection) validateIndexes() ValidationErrors {
	errs := ValidationErrors{}
	if c.IsView() && len(c.Indexes) > 0 {
		errs["0"] = errInvalid("View collections cannot have indexes.")
		return errs
	}
	names := map[string]bool{}
	for i, def := range c.Indexes {
		idx, err := ParseIndex(def)
		if err != nil {
			errs[fmt.Sprint(i)] = err
			continue
		}
		if names[strings.ToLower(idx.Name)] {
			errs[fmt.Sprint(i)] = errInvalid("Duplicated index name " + idx.Name + ".")
		}
		names[strings.ToLower(idx.Name)] = true
		for _, col := range idx.Columns {
			if c.Field(col.Name) == nil {
				errs[fmt.Sprint(i)] = errInvalid("Unknown index column " + col.Name + ".")
			}
		}
	}
	return errs
}

func (c *Collection) validateAuthOptions() ValidationErrors {
	errs := ValidationErrors{}
	o := c.AuthOptions
	if o.ManageRule != nil && strings.TrimSpace(*o.ManageRule) == "" {
		errs["manageRule"] = errInvalid("The manage rule cannot be an empty string; use null to disable it.")
	}
	for _, name := range o.PasswordAuth.IdentityFields {
		if !c.hasUniqueIndexOn(name) {
			errs["passwordAuth"] = ValidationErrors{"identityFields": errInvalid(fmt.Sprintf("The identity field %q must have a UNIQUE index.", name))}
		}
	}
	if o.MFA.Enabled && o.enabledMethods() < 2 {
		errs["mfa"] = ValidationErrors{"enabled": errInvalid("Multi-factor authentication needs at least two sign-in methods enabled (password, OTP, OAuth2).")}
	}
	if o.MFA.Enabled && (o.MFA.Duration < 10 || o.MFA.Duration > 86400) {
		errs["mfa"] = ValidationErrors{"duration": errInvalid("Must be between 10 and 86400 seconds.")}
	}
	for name, d := range map[string]int64{
		"authToken": o.AuthToken.Duration, "passwordResetToken": o.PasswordResetToken.Duration,
		"emailChangeToken": o.EmailChangeToken.Duration, "verificationToken": o.VerificationToken.Duration,
		"fileToken": o.FileToken.Duration,
	} {
		if d < 10 || d > 94670856 {
			errs[name] = ValidationErrors{"duration": errInvalid("Must be between 10 and 94670856 seconds.")}
		}
	}
	return errs
}

// enabledMethods counts the sign-in methods switched on.
func (o *AuthOptions) enabledMethods() int {
	n := 0
	for _, on := range []bool{o.PasswordAuth.Enabled, o.OTP.Enabled, o.OAuth2.Enabled} {
		if on {
			n++
		}
	}
	return n
}

func (c *Collection) hasUniqueIndexOn(field string) bool {
	for _, def := range c.Indexes {
		idx, err := ParseIndex(def)
		if err == nil && idx.Unique && len(idx.Columns) == 1 && strings.EqualFold(idx.Columns[0].Name, field) {
			return true
		}
	}
	return false
}
