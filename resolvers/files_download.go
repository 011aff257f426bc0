package resolvers

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// FileRequest is what a download asks for besides the file itself.
type FileRequest struct {
	// Thumb is a thumb size ("100x100"); served only when allowed for the
	// field and the file is an image, else the original is served.
	Thumb string
	// Token is a file token (POST /api/files/token) for protected files.
	Token string
}

// FileDownload is a stored file opened for serving. The caller closes it.
type FileDownload struct {
	*files.Object
	// Name is the name to serve it under (the thumb's, for a thumb).
	Name string
	// ContentType is sniffed from the content (forced for a few extensions).
	ContentType string
}

// OpenFile opens file name of record id of collection col, as PocketBase's
// GET /api/files/{collection}/{record}/{name} does: the record is looked up
// without API rules (a file URL is public to whoever knows it), the name
// must belong to one of the record's file fields, and a protected field's
// file needs a file token whose record satisfies the viewRule, checked with
// @request.context = "protectedFile". Every refusal is a 404.
func (s *Service) OpenFile(ctx context.Context, col, id, name string, req FileRequest) (*FileDownload, error) {
	c := s.collections(ctx).Find(col)
	if c == nil || c.IsView() { // view collections: see the README
		return nil, NotFound("")
	}
	rec, err := store.FindRecord(ctx, s.querier(ctx), c, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, NotFound("")
	}
	if err != nil {
		return nil, internal(err)
	}
	field := owningFileField(c, rec, name)
	if field == nil {
		return nil, NotFound("")
	}
	if field.Protected {
		if err := s.checkProtectedFile(ctx, c, id, req.Token); err != nil {
			return nil, err
		}
	}
	servedName := name
	obj := s.openThumb(ctx, c, id, field, name, req.Thumb)
	if obj != nil {
		servedName = req.Thumb + "_" + name
	} else {
		obj, err = s.storage.Open(ctx, files.Key(c.ID, id, name))
		if errors.Is(err, files.ErrNotFound) {
			return nil, NotFound("")
		}
		if err != nil {
			return nil, internal(err)
		}
	}
	ct, err := files.ContentType(servedName, obj)
	if err != nil {
		obj.Close()
		return nil, internal(err)
	}
	return &FileDownload{Object: obj, Name: servedName, ContentType: ct}, nil
}

// owningFileField returns the file field of rec that holds name.
func owningFileField(c *schema.Collection, rec *store.Record, name string) *schema.FileField {
	for _, fd := range c.Fields {
		ff, ok := fd.(*schema.FileField)
		if ok && slices.Contains(toStrings(ff.Encode(rec.Get(ff.Name))), name) {
			return ff
		}
	}
	return nil
}

// checkProtectedFile lets the request through when the file token's
// record (or a guest, without a valid token) satisfies the viewRule.
func (s *Service) checkProtectedFile(ctx context.Context, c *schema.Collection, id, token string) error {
	var who *auth.Identity
	if token != "" {
		if rec, err := files.ParseToken(ctx, s.store, token); err == nil {
			who = &auth.Identity{Record: rec, Collection: rec.Collection}
		}
	}
	ctx = WithContextName(auth.WithIdentity(ctx, who), "protectedFile")
	cond, err := s.ruleCondition(ctx, c, c.ViewRule, nil)
	if err != nil {
		if e, ok := AsError(err); ok && e.Status < 500 {
			return NotFound("") // a locked rule hides the file like a missing one
		}
		return err
	}
	if cond == nil {
		return nil
	}
	ok, err := s.matches(ctx, c, id, cond)
	if err != nil {
		return err
	}
	if !ok {
		return NotFound("")
	}
	return nil
}

// openThumb returns the cached or new thumb of a file, or nil when the
// original is to be served: no thumb asked, a size the field does not
// allow, not an image, an image too large to thumb (see files.Thumbnailer),
// or a thumb that could not be made.
func (s *Service) openThumb(ctx context.Context, c *schema.Collection, id string, field *schema.FileField, name, size string) *files.Object {
	if size == "" || !files.ThumbAllowed(field, size) || !files.Thumbable(name) {
		return nil
	}
	obj, err := s.thumbs.Open(ctx, s.storage, c.ID, id, name, size)
	if err != nil {
		if !files.IsNoThumb(err) && ctx.Err() == nil { // a client gone is no failure
			slog.Warn("making a thumb failed; serving the original", "collection", c.ID, "record", id, "file", name, "size", size, "err", err)
		}
		return nil
	}
	return obj
}
