package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Probe checks that st works end to end by writing, reading back and
// deleting a small object outside the record layout, as PocketBase's
// "test S3" does; the error says which step failed.
func Probe(ctx context.Context, st Storage) error {
	const content = "monobase storage test"
	key := "monobase_storage_test_" + randomPart() + ".txt"
	if err := st.Put(ctx, key, strings.NewReader(content)); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	readErr := probeRead(ctx, st, key, content)
	if err := st.Delete(ctx, key); err != nil {
		return errors.Join(readErr, fmt.Errorf("delete: %w", err))
	}
	return readErr
}

func probeRead(ctx context.Context, st Storage, key, want string) error {
	obj, err := st.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	defer obj.Close()
	got, err := io.ReadAll(obj)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if string(got) != want {
		return errors.New("read: the object read back differs from the one written")
	}
	return nil
}
