package e2e

import (
	"image/png"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestFilesS3_SettingsSwitchTheStorage drives the binary against an S3
// service running in the test process: files go to the bucket while
// s3.enabled, and back to the local disk once it is off.
func TestFilesS3_SettingsSwitchTheStorage(t *testing.T) {
	fake := startFakeS3(t)
	s := StartServer(t)
	admin, docsID := filesApp(t, s)
	patchS3 := func(want int, s3 map[string]any) Response {
		t.Helper()
		return s.MustDo(t, want, http.MethodPatch, "/api/settings", admin, map[string]any{"s3": s3})
	}
	testS3 := func(want int, token, filesystem string) Response {
		t.Helper()
		return s.MustDo(t, want, http.MethodPost, "/api/settings/test/s3", token, map[string]any{"filesystem": filesystem})
	}

	t.Run("enabling needs the connection values", func(t *testing.T) {
		res := patchS3(400, map[string]any{"enabled": true, "endpoint": "ftp://nope"})
		for _, key := range []string{"bucket", "region", "accessKey", "secret"} {
			if !strings.Contains(res.Body, `"`+key+`":{"code":"validation_required"`) {
				t.Errorf("no required error for s3.%s: %s", key, res.Body)
			}
		}
		if !strings.Contains(res.Body, `"endpoint":{"code":"validation_is_url"`) {
			t.Errorf("no URL error for s3.endpoint: %s", res.Body)
		}
	})
	t.Run("the secret is stored, never returned", func(t *testing.T) {
		res := patchS3(200, fake.settings())
		if strings.Contains(res.Body, fake.Secret) || strings.Contains(res.Body, `"secret"`) {
			t.Fatalf("PATCH echoes the secret: %s", res.Body)
		}
		if !strings.Contains(res.Body, `"s3":{"enabled":true,"bucket":"`+fake.Bucket+`"`) {
			t.Fatalf("s3 settings: %s", res.Body)
		}
		got := s.MustDo(t, 200, http.MethodGet, "/api/settings", admin, nil)
		if strings.Contains(got.Body, fake.Secret) || strings.Contains(got.Body, `"secret"`) {
			t.Fatalf("GET returns the secret: %s", got.Body)
		}
	})
	t.Run("test/s3: superusers only, 204 when the bucket works", func(t *testing.T) {
		testS3(401, "", "storage")
		testS3(204, admin, "storage")
		testS3(400, admin, "backups")
		if res := testS3(400, admin, ""); !strings.Contains(res.Body, `"filesystem":{"code":"validation_required"`) {
			t.Fatalf("no filesystem: %s", res.Body)
		}
		if left := fake.keys(t, ""); len(left) != 0 {
			t.Fatalf("the test object is left: %v", left)
		}
	})

	img := testPNG(t, 300, 200)
	res := s.DoMultipart(t, http.MethodPost, "/api/collections/docs/records", "",
		formValue("title", "in s3"), formFile("cover", "Cover.png", img), formFile("attachments", "notes.txt", []byte("0123456789abcdefghij")))
	if res.Status != 200 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var doc docRecord
	res.Decode(t, &doc)
	prefix := docsID + "/" + doc.ID + "/"
	fileURL := "/api/files/docs/" + doc.ID + "/"

	t.Run("a REST upload lands in the bucket, not on disk", func(t *testing.T) {
		want := []string{prefix + doc.Attachments[0], prefix + doc.Cover}
		slices.Sort(want)
		if got := fake.keys(t, prefix); !slices.Equal(got, want) {
			t.Fatalf("bucket holds %v, want %v", got, want)
		}
		if local := s.storedFiles(t, docsID, doc.ID); len(local) != 0 {
			t.Fatalf("also on disk: %v", local)
		}
	})
	t.Run("download, range and thumb through S3", func(t *testing.T) {
		got := s.Get(t, fileURL+doc.Cover, nil)
		if got.Status != 200 || got.Body != string(img) || got.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("status %d, %d bytes, type %q", got.Status, len(got.Body), got.Header.Get("Content-Type"))
		}
		part := s.Get(t, fileURL+doc.Attachments[0], http.Header{"Range": {"bytes=10-14"}})
		if part.Status != http.StatusPartialContent || part.Body != "abcde" || part.Header.Get("Content-Range") != "bytes 10-14/20" {
			t.Fatalf("range: %d %q %q", part.Status, part.Body, part.Header.Get("Content-Range"))
		}
		thumb := s.Get(t, fileURL+doc.Cover+"?thumb=100x100", nil)
		cfg, err := png.DecodeConfig(strings.NewReader(thumb.Body))
		if thumb.Status != 200 || err != nil || cfg.Width != 100 || cfg.Height != 100 {
			t.Fatalf("thumb: status %d, %dx%d, %v", thumb.Status, cfg.Width, cfg.Height, err)
		}
		cached := prefix + "thumbs_" + doc.Cover + "/100x100_" + doc.Cover
		if !slices.Contains(fake.keys(t, prefix), cached) {
			t.Fatalf("the thumb is not cached in the bucket: %v", fake.keys(t, prefix))
		}
		if again := s.Get(t, fileURL+doc.Cover+"?thumb=100x100", nil); again.Body != thumb.Body {
			t.Fatal("the cached thumb differs")
		}
	})

	var gqlID, gqlURL string
	t.Run("a GraphQL upload lands in the bucket", func(t *testing.T) {
		r := s.GQLUpload(t, "", `mutation($cover: Upload!) { insertDocsOne(object: {title: "gql", cover: $cover}) { id cover { name url } } }`,
			map[string]any{"cover": nil}, map[string]formPart{"variables.cover": formFile("", "G.png", img)})
		if r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("%d %s", r.Status, r.raw)
		}
		gqlID, _ = pick(r.Data, "insertDocsOne", "id").(string)
		name, _ := pick(r.Data, "insertDocsOne", "cover", "name").(string)
		gqlURL, _ = pick(r.Data, "insertDocsOne", "cover", "url").(string)
		if got := fake.keys(t, docsID+"/"+gqlID+"/"); !slices.Equal(got, []string{docsID + "/" + gqlID + "/" + name}) {
			t.Fatalf("bucket holds %v", got)
		}
		if got := s.Get(t, gqlURL, nil); got.Status != 200 || got.Body != string(img) {
			t.Fatalf("GET %s: %d, %d bytes", gqlURL, got.Status, len(got.Body))
		}
	})
	s.Stop(t)
	s = StartServerIn(t, s.Dir)
	t.Run("after a restart the stored settings still serve from the bucket", func(t *testing.T) {
		if got := s.Get(t, fileURL+doc.Cover, nil); got.Status != 200 || got.Body != string(img) {
			t.Fatalf("status %d, %d bytes", got.Status, len(got.Body))
		}
	})
	t.Run("deleting the record deletes its objects, thumbs included", func(t *testing.T) {
		s.MustDo(t, 204, http.MethodDelete, "/api/collections/docs/records/"+doc.ID, "", nil)
		if got := fake.keys(t, prefix); len(got) != 0 {
			t.Fatalf("left in the bucket: %v", got)
		}
	})
	t.Run("wrong credentials: test/s3 answers 400 with the service's error", func(t *testing.T) {
		patchS3(200, map[string]any{"secret": "not-the-secret"})
		if res := testS3(400, admin, "storage"); !strings.Contains(res.Body, "signature we calculated does not match") {
			t.Fatalf("wrong secret: %s", res.Body)
		}
		patchS3(200, map[string]any{"secret": fake.Secret, "accessKey": "AKIDWRONG"})
		if res := testS3(400, admin, "storage"); !strings.Contains(res.Body, "Access Key Id you provided does not exist") {
			t.Fatalf("wrong access key: %s", res.Body)
		}
		// a PATCH without the secret keeps the stored one
		patchS3(200, map[string]any{"accessKey": fake.AccessKey})
		testS3(204, admin, "storage")
	})
	t.Run("disabling S3 goes back to the local disk; bucket files stay there", func(t *testing.T) {
		patchS3(200, map[string]any{"enabled": false})
		res := s.DoMultipart(t, http.MethodPost, "/api/collections/docs/records", "", formFile("cover", "local.png", img))
		if res.Status != 200 {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
		var local docRecord
		res.Decode(t, &local)
		if got := s.storedFiles(t, docsID, local.ID); !slices.Equal(got, []string{local.Cover}) {
			t.Fatalf("on disk: %v", got)
		}
		if got := fake.keys(t, docsID+"/"+local.ID+"/"); len(got) != 0 {
			t.Fatalf("in the bucket: %v", got)
		}
		if got := s.Get(t, "/api/files/docs/"+local.ID+"/"+local.Cover, nil); got.Status != 200 || got.Body != string(img) {
			t.Fatalf("local download: %d", got.Status)
		}
		// not migrated (as in PocketBase): the S3 record's file is not on disk
		if got := s.Get(t, gqlURL, nil); got.Status != 404 {
			t.Fatalf("an S3-stored file after disabling S3: %d", got.Status)
		}
		if res := testS3(400, admin, "storage"); !strings.Contains(res.Body, "not enabled") {
			t.Fatalf("test/s3 while disabled: %s", res.Body)
		}
	})
}
