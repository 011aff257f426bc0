package resolvers

import (
	"errors"
	"slices"
	"strings"

	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
)

// fileList is a file field's files while a body is applied: the names it
// keeps and the uploads it gains, in order. Only settleFiles turns it into
// the stored value, once every modifier of the body has been applied.
type fileList struct {
	field *schema.FileField
	old   []string // the names stored before this write
	items []fileItem
}

// fileItem is a kept file (name) or a new one (upload).
type fileItem struct {
	name   string
	upload *files.Upload
}

// applyFileOp applies one body key of a file field: `field` replaces the
// files (names and uploads given together are merged, names first),
// `field+` appends, `+field` prepends, `field-` removes names.
func (f *form) applyFileOp(ff *schema.FileField, op bodyOp) {
	names, uploads, err := splitFileValue(op.value)
	if err != nil {
		f.errs[ff.Name] = err
		return
	}
	l := f.fileList(ff)
	given := make([]fileItem, 0, len(names)+len(uploads))
	for _, n := range names {
		given = append(given, fileItem{name: n})
	}
	for _, u := range uploads {
		given = append(given, fileItem{upload: u})
	}
	switch op.mod {
	case modSet:
		l.items = given
	case modAppend:
		l.items = append(l.items, given...)
	case modPrepend:
		l.items = append(given, l.items...)
	case modRemove:
		l.items = slices.DeleteFunc(l.items, func(it fileItem) bool {
			return it.upload == nil && slices.Contains(names, it.name)
		})
	}
}

// fileList returns the list of ff for this form, starting from the
// record's current files.
func (f *form) fileList(ff *schema.FileField) *fileList {
	if l, ok := f.fileLists[ff.Name]; ok {
		return l
	}
	var old []string
	if f.old != nil {
		old = toStrings(ff.Encode(f.old.Get(ff.Name)))
	}
	l := &fileList{field: ff, old: old}
	for _, n := range old {
		l.items = append(l.items, fileItem{name: n})
	}
	if f.fileLists == nil {
		f.fileLists = map[string]*fileList{}
	}
	f.fileLists[ff.Name] = l
	return l
}

// splitFileValue separates the uploads of a body value from the names.
func splitFileValue(v any) ([]string, []*files.Upload, error) {
	uploads := uploadsOf(v)
	rest := v
	switch x := v.(type) {
	case *files.Upload, []*files.Upload:
		return nil, uploads, nil
	case []any:
		if len(uploads) > 0 {
			others := make([]any, 0, len(x)-len(uploads))
			for _, item := range x {
				if _, ok := item.(*files.Upload); !ok {
					others = append(others, item)
				}
			}
			rest = others
		}
	}
	names, err := schema.StringList(rest)
	return names, uploads, err
}

// uploadsOf lists the uploads of a body value (one, a list, or mixed
// with kept names).
func uploadsOf(v any) []*files.Upload {
	switch x := v.(type) {
	case *files.Upload:
		return []*files.Upload{x}
	case []*files.Upload:
		return x
	case []any:
		var uploads []*files.Upload
		for _, item := range x {
			if u, ok := item.(*files.Upload); ok {
				uploads = append(uploads, u)
			}
		}
		return uploads
	}
	return nil
}

// settleFiles turns every touched file list into the field's stored value:
// a single-file field keeps the last file; names must be files the record
// already has (new files come only as uploads); uploads are checked
// (size, type) and named; the count is checked by the field's Prepare.
// The checked uploads and the names dropped are kept for the write. The
// error is an upload that could not be read, not a validation failure.
func (f *form) settleFiles() error {
	if len(f.fileLists) == 0 {
		return nil
	}
	for _, fd := range f.c.Fields {
		l, ok := f.fileLists[fd.Common().Name]
		if !ok {
			continue
		}
		if err := f.settleFileList(l); err != nil {
			return err
		}
	}
	return nil
}

func (f *form) settleFileList(l *fileList) error {
	name := l.field.Name
	if _, failed := f.errs[name]; failed {
		return nil
	}
	names, ups, err := l.resolve()
	var fe *schema.FieldError
	if errors.As(err, &fe) {
		f.errs[name] = fe
		return nil
	}
	if err != nil {
		return internal(err)
	}
	stored, err := l.field.Prepare(names)
	if err != nil {
		f.errs[name] = err
		return nil
	}
	f.set(name, stored)
	f.ruleBody[name] = l.field.Encode(stored)
	f.uploads = append(f.uploads, ups...)
	for _, n := range l.old {
		if !slices.Contains(names, n) {
			f.removed = append(f.removed, n)
		}
	}
	return nil
}

// resolve lists the field's final names, checking and naming its uploads.
// A *schema.FieldError is a validation failure; other errors are an upload
// that could not be read.
func (l *fileList) resolve() ([]string, []files.Checked, error) {
	items := l.items
	if !l.field.IsMulti() && len(items) > 1 {
		items = items[len(items)-1:]
	}
	var names, invalid []string
	var ups []files.Checked
	for _, it := range items {
		if it.upload == nil {
			if !slices.Contains(l.old, it.name) {
				invalid = append(invalid, it.name)
			}
			names = append(names, it.name)
			continue
		}
		c, err := checkUpload(l.field, it.upload)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, c.Name)
		ups = append(ups, c)
	}
	if len(invalid) > 0 {
		return nil, nil, &schema.FieldError{Code: "validation_invalid_file",
			Message: "Invalid new files: [" + strings.Join(invalid, " ") + "].", // PocketBase's text
			Params:  map[string]any{"invalidFiles": invalid}}
	}
	return names, ups, nil
}

// checkUpload checks u against field f, unless it was checked for f and
// stored ahead of the write (stageUploads): then it keeps that name.
func checkUpload(f *schema.FileField, u *files.Upload) (files.Checked, error) {
	if st := u.Staged(); st != nil && st.Field == f.Name {
		return files.Checked{Upload: u, Name: st.Name}, nil
	}
	return files.CheckUpload(f, u)
}
