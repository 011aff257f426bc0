package files

import (
	"context"
	"errors"
)

// Key is where a record's file is stored: <collectionId>/<recordId>/<name>.
func Key(collectionID, recordID, name string) string {
	return collectionID + "/" + recordID + "/" + name
}

// thumbsFolder holds every thumb of one file.
func thumbsFolder(collectionID, recordID, name string) string {
	return collectionID + "/" + recordID + "/thumbs_" + name
}

// thumbKey is where the thumb of a file at a size is cached.
func thumbKey(collectionID, recordID, name, size string) string {
	return thumbsFolder(collectionID, recordID, name) + "/" + size + "_" + name
}

// DeleteFiles removes files of a record and their thumbs. It tries every
// name and reports the errors together.
func DeleteFiles(ctx context.Context, st Storage, collectionID, recordID string, names []string) error {
	var errs []error
	for _, name := range names {
		if err := st.Delete(ctx, Key(collectionID, recordID, name)); err != nil {
			errs = append(errs, err)
		}
		if err := st.DeletePrefix(ctx, thumbsFolder(collectionID, recordID, name)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// DeleteRecord removes every file (and thumb) of a record.
func DeleteRecord(ctx context.Context, st Storage, collectionID, recordID string) error {
	return st.DeletePrefix(ctx, collectionID+"/"+recordID)
}

// DeleteCollection removes every file of a collection.
func DeleteCollection(ctx context.Context, st Storage, collectionID string) error {
	return st.DeletePrefix(ctx, collectionID)
}
