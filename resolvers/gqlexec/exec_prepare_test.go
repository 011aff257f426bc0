package gqlexec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/monobase/monobase/files"
)

// withDocs adds "docs" (up to 3 attachments; the createRule refuses the
// title "refused") to the fixture and rebuilds its executor.
func withDocs(t *testing.T, f *gqlFixture) {
	t.Helper()
	if _, err := f.svc.CreateCollection(f.su, []byte(`{"name":"docs","listRule":"","viewRule":"","createRule":"title != 'refused'",
		"fields":[{"name":"title","type":"text"},{"name":"attachments","type":"file","maxSelect":3}]}`)); err != nil {
		t.Fatal(err)
	}
	x, err := NewRuntime(f.svc, RuntimeConfig{}).Build(f.svc.Store().Collections().All())
	if err != nil {
		t.Fatal(err)
	}
	f.x, f.exec = x, executor.New(x)
	f.exec.SetErrorPresenter(ErrorPresenter(nil))
}

// docsOnDisk lists the files stored for doc id.
func docsOnDisk(t *testing.T, f *gqlFixture, id string) []string {
	t.Helper()
	docs := f.svc.Store().Collections().Find("docs")
	entries, err := os.ReadDir(filepath.Join(f.svc.Store().Dir(), "storage", docs.ID, id))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// A GraphQL mutation stores its uploads before its transaction, so other
// writes go on while a slow upload is stored; when it rolls back, its
// stored uploads go.
func TestGraphQLUploadsAreStoredBeforeTheMutationTransaction(t *testing.T) {
	f := newGQLFixture(t, 1)
	withDocs(t, f)
	opened, release := make(chan struct{}, 1), make(chan struct{})
	first := true
	slow := files.NewUpload("big.bin", 7, func() (io.ReadCloser, error) {
		if first { // the first open sniffs the type; storing comes next
			first = false
			return io.NopCloser(bytes.NewReader([]byte("payload"))), nil
		}
		opened <- struct{}{}
		<-release
		return io.NopCloser(bytes.NewReader([]byte("payload"))), nil
	})
	done := make(chan *graphql.Response, 1)
	go func() {
		done <- f.run(t, f.su, `mutation($f: [Upload!]) { insertDocsOne(object: {title: "slow", attachments: $f}) { id attachments { name } } }`,
			map[string]any{"f": []any{slow}})
	}()
	select {
	case <-opened:
	case <-time.After(5 * time.Second):
		t.Fatal("the upload was never stored")
	}
	meanwhile := make(chan error, 1)
	go func() {
		_, err := f.svc.Create(f.su, "docs", map[string]any{"title": "meanwhile"})
		meanwhile <- err
	}()
	select {
	case err := <-meanwhile:
		close(release)
		if err != nil {
			t.Fatalf("a write while an upload is stored: %v", err)
		}
	case <-time.After(3 * time.Second):
		close(release)
		t.Fatal("a write waited for an upload being stored")
	}
	resp := <-done
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	var data struct {
		InsertDocsOne struct {
			ID          string
			Attachments []struct{ Name string }
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	got := docsOnDisk(t, f, data.InsertDocsOne.ID)
	if len(data.InsertDocsOne.Attachments) != 1 || len(got) != 1 || got[0] != data.InsertDocsOne.Attachments[0].Name {
		t.Fatalf("mutation answered %s, disk has %v", resp.Data, got)
	}

	// a mutation that rolls back leaves no staged file behind
	resp = f.run(t, context.Background(), `mutation($f: [Upload!]) {
		a: insertDocsOne(object: {id: "rolledbackdoc01", title: "kept?", attachments: $f}) { id }
		b: insertDocsOne(object: {title: "refused"}) { id }
	}`, map[string]any{"f": []any{files.UploadFromBytes("x.txt", []byte("x"))}})
	if len(resp.Errors) == 0 {
		t.Fatal("the refused insert did not fail the mutation")
	}
	if got := docsOnDisk(t, f, "rolledbackdoc01"); len(got) != 0 {
		t.Fatalf("a rolled-back mutation left %v", got)
	}
}
