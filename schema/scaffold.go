package schema

// IDField returns the system primary key every base and auth collection has:
// 15 characters of [a-z0-9], generated when the client gives none.
func IDField() *TextField {
	return &TextField{
		FieldCommon:         FieldCommon{ID: "text3208210256", Name: "id", System: true, Required: true, Presentable: false},
		Min:                 15,
		Max:                 15,
		Pattern:             `^[a-z0-9]+$`,
		AutogeneratePattern: `[a-z0-9]{15}`,
		PrimaryKey:          true,
	}
}

// authSystemFields returns the fields every auth collection has besides id.
func authSystemFields() []Field {
	return []Field{
		&PasswordField{FieldCommon: FieldCommon{ID: "password901924565", Name: "password", System: true, Hidden: true, Required: true}, Min: 8},
		&TextField{FieldCommon: FieldCommon{ID: "text2504183744", Name: "tokenKey", System: true, Hidden: true, Required: true}, Min: 30, Max: 60, AutogeneratePattern: `[a-zA-Z0-9]{50}`},
		&EmailField{FieldCommon: FieldCommon{ID: "email3885137012", Name: "email", System: true, Required: true}},
		&BoolField{FieldCommon: FieldCommon{ID: "bool1547992806", Name: "emailVisibility", System: true}},
		&BoolField{FieldCommon: FieldCommon{ID: "bool256245529", Name: "verified", System: true}},
	}
}

// EnsureSystemFields adds the system fields c's type requires (id first;
// auth: password, tokenKey, email, emailVisibility, verified) unless a field
// of that name already exists, and the unique indexes auth collections need.
// View collections get no fields here: theirs come from the query.
func EnsureSystemFields(c *Collection) {
	if c.IsView() {
		return
	}
	// A field named id that is not the primary key does not replace it: the
	// key is added first, and the other is refused as a duplicate name.
	if f, ok := c.Field("id").(*TextField); !ok || !f.PrimaryKey {
		c.Fields = append([]Field{IDField()}, c.Fields...)
	}
	if !c.IsAuth() {
		return
	}
	for _, sf := range authSystemFields() {
		if c.Field(sf.Common().Name) == nil {
			c.Fields = append(c.Fields, sf)
		}
	}
	ensureIndex(c, "idx_tokenKey_"+c.ID, "CREATE UNIQUE INDEX `idx_tokenKey_"+c.ID+"` ON `"+c.Name+"` (`tokenKey`)")
	ensureIndex(c, "idx_email_"+c.ID, "CREATE UNIQUE INDEX `idx_email_"+c.ID+"` ON `"+c.Name+"` (`email`) WHERE `email` != ''")
}

func ensureIndex(c *Collection, name, def string) {
	for _, idx := range c.Indexes {
		if p, err := ParseIndex(idx); err == nil && p.Name == name {
			return
		}
	}
	c.Indexes = append(c.Indexes, def)
}

// Timestamps returns the created/updated autodate fields the dashboard adds
// to new collections by default.
func Timestamps() []Field {
	return []Field{
		&AutodateField{FieldCommon: FieldCommon{ID: "autodate2990389176", Name: "created", System: false}, OnCreate: true},
		&AutodateField{FieldCommon: FieldCommon{ID: "autodate3332085495", Name: "updated", System: false}, OnCreate: true, OnUpdate: true},
	}
}
