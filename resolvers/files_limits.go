package resolvers

import (
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

// UploadBytes is the most one write to collection col may upload (0 for
// an unknown collection or one without file fields).
func (s *Service) UploadBytes(col string) int64 {
	if c := s.store.Collections().Find(col); c != nil {
		return c.UploadBytes()
	}
	return 0
}

// MaxUploadBytes is UploadBytes of the collection that allows the most: a
// GraphQL operation may write to any of them.
func (s *Service) MaxUploadBytes() int64 {
	var n int64
	for _, c := range s.store.Collections().All() {
		n = max(n, c.UploadBytes())
	}
	return n
}

// FileBytes returns, for a write to collection col, the most one file sent
// under a body key may hold: its file field's maxSize (the key may carry a
// modifier: "docs+"), or 0 when the key names no file field (the body's
// limit applies). A body reader stops a file at this limit instead of
// receiving what the write would refuse.
func (s *Service) FileBytes(col string) func(key string) int64 {
	c := s.store.Collections().Find(col)
	if c == nil {
		return nil
	}
	return func(key string) int64 {
		name, _ := splitModifier(key)
		if ff, ok := c.Field(name).(*schema.FileField); ok {
			return ff.MaxBytes()
		}
		return 0
	}
}

// MaxFileBytes is the most one file may hold in any file field (a GraphQL
// upload or a batch item, whose field is not known while the body is
// read); 0 when no collection has file fields.
func (s *Service) MaxFileBytes() int64 {
	var n int64
	for _, c := range s.store.Collections().All() {
		for _, f := range c.Fields {
			if ff, ok := f.(*schema.FileField); ok {
				n = max(n, ff.MaxBytes())
			}
		}
	}
	return n
}

// UploadTooLarge is what a create (or an update) of a record answers for
// a file its body reader refused at the field's limit: the same 400 the
// write's own check gives.
func UploadTooLarge(create bool, e *files.FileTooLargeError) error {
	msg := "Failed to update record."
	if create {
		msg = "Failed to create record."
	}
	name, _ := splitModifier(e.Key)
	return Invalid(msg, schema.ValidationErrors{name: e.FieldError()})
}
