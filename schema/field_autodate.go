package schema

import "time"

// AutodateField is a datetime set by the server when a record is created
// and/or updated; client input is ignored.
type AutodateField struct {
	FieldCommon
	OnCreate bool `json:"onCreate"`
	OnUpdate bool `json:"onUpdate"`
}

func (f *AutodateField) Type() string { return "autodate" }

func (f *AutodateField) ColumnDef() string { return "TEXT DEFAULT '' NOT NULL" }

func (f *AutodateField) CheckOptions() error {
	if !f.OnCreate && !f.OnUpdate {
		return ValidationErrors{"onCreate": errInvalid("At least one of onCreate and onUpdate must be set.")}
	}
	return nil
}

// Prepare never fails: the record service stamps the value (see Stamp), so
// anything but a valid date is dropped rather than rejected.
func (f *AutodateField) Prepare(v any) (any, error) {
	t, err := toDate(v)
	if err != nil {
		return "", nil
	}
	return FormatDate(t), nil
}

func (f *AutodateField) Encode(stored any) any { return stringValue(stored) }

// Stamp returns the value to store when a record is created (creating) or
// updated, and whether the field is set at that moment.
func (f *AutodateField) Stamp(now time.Time, creating bool) (string, bool) {
	if (creating && f.OnCreate) || (!creating && f.OnUpdate) {
		return FormatDate(now), true
	}
	return "", false
}

// MarshalJSON writes PocketBase's shape of an autodate field, which has no
// help and no required (the server sets the value).
func (f *AutodateField) MarshalJSON() ([]byte, error) {
	return marshalPlain(struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		System      bool   `json:"system"`
		Hidden      bool   `json:"hidden"`
		Presentable bool   `json:"presentable"`
		OnCreate    bool   `json:"onCreate"`
		OnUpdate    bool   `json:"onUpdate"`
	}{f.ID, f.Name, f.System, f.Hidden, f.Presentable, f.OnCreate, f.OnUpdate})
}
