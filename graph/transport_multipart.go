package graph

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/files"
)

// multipartTransport serves the GraphQL multipart request spec
// (operations, map, then file parts). Unlike gqlgen's MultipartForm, which
// reads a whole file into memory whenever the request's Content-Length is
// unknown or small, files are read by files.ReadForm: in memory up to a
// small budget, then into temporary files, and each stopped as soon as it
// passes the largest file any file field accepts (the field a file is for
// is not known until the operation runs, which checks it against that
// field). Its errors are coded (transport_errors.go).
type multipartTransport struct{ h *Handler }

var _ graphql.Transport = multipartTransport{}

func (multipartTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "multipart/form-data"
}

func (t multipartTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Set("Content-Type", contentTypeJSON)
	start := graphql.Now()
	mr, err := r.MultipartReader()
	if err != nil {
		writeRequestError(w, badRequest("the multipart Content-Type has no boundary"))
		return
	}
	perFile := t.h.rt.Service().MaxFileBytes()
	form, err := files.ReadForm(mr, files.FormLimits{
		ValueBytes: t.h.cfg.MaxBodyBytes,
		FileBytes:  func(string) int64 { return perFile },
	})
	if err != nil {
		writeRequestError(w, formError(err, t.h.cfg.MaxBodyBytes))
		return
	}
	defer form.RemoveAll()
	params, rerr := multipartParams(form)
	if rerr != nil {
		writeRequestError(w, rerr)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx := r.Context()
	op, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		w.WriteHeader(statusFor(errs))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, op), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, op)
	writeResponse(w, responses(ctx))
}

// formError words what files.ReadForm refused.
func formError(err error, valueBytes int64) *requestError {
	var big *files.FileTooLargeError
	switch {
	case errors.As(err, &big):
		return &requestError{status: http.StatusRequestEntityTooLarge, code: CodeBodyTooLarge,
			message: "the file part " + strconv.Quote(big.Key) + " is larger than " + strconv.FormatInt(big.Limit, 10) + " bytes, the most a file field accepts"}
	case errors.Is(err, files.ErrFormTooLarge):
		return &requestError{status: http.StatusRequestEntityTooLarge, code: CodeBodyTooLarge,
			message: "the multipart request has more than 1000 parts, or its operations and map are larger than " + strconv.FormatInt(valueBytes, 10) + " bytes"}
	}
	if e := readError(err); e.code != CodeBadRequest {
		return e
	}
	return badRequest("the multipart body is malformed")
}

// multipartParams builds the request from the operations part, with each
// file put at the variables paths the map part gives its key.
func multipartParams(form *files.Form) (*graphql.RawParams, *requestError) {
	ops := form.Values["operations"]
	if len(ops) != 1 {
		return nil, badRequest(`the multipart request needs one "operations" part`)
	}
	params := &graphql.RawParams{}
	if err := decodeRawParams([]byte(ops[0]), params); err != nil {
		return nil, paramsError(`the "operations" part`, err)
	}
	maps := form.Values["map"]
	if len(maps) != 1 {
		return nil, badRequest(`the multipart request needs one "map" part`)
	}
	var paths map[string][]string
	if err := json.Unmarshal([]byte(maps[0]), &paths); err != nil {
		return nil, badRequest(`the "map" part must be a JSON object of arrays of variable paths`)
	}
	for key, ups := range form.Files {
		if len(paths[key]) == 0 {
			return nil, badRequest("the file part %q is not in the \"map\" part", key)
		}
		if len(ups) > 1 {
			return nil, badRequest("the request has %d file parts named %q", len(ups), key)
		}
		for _, path := range paths[key] {
			if err := setUpload(params.Variables, path, ups[0]); err != nil {
				return nil, err
			}
		}
	}
	for key := range paths {
		if len(form.Files[key]) == 0 {
			return nil, badRequest("the \"map\" part names the file part %q, which the request does not have", key)
		}
	}
	return params, nil
}

// setUpload puts u at path ("variables.file", "variables.files.1") in
// vars; what leads to the last segment must exist, a list index be in
// range.
func setUpload(vars map[string]any, path string, u *files.Upload) *requestError {
	rest, ok := strings.CutPrefix(path, "variables.")
	if !ok || vars == nil {
		return badRequest("the \"map\" path %q does not lead to a variable", path)
	}
	var cur any = vars
	segs := strings.Split(rest, ".")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			if last { // the spec's null placeholder, or no key: gqlgen sets both
				c[seg] = u
				return nil
			}
			cur = c[seg]
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(c) {
				return badRequest("the \"map\" path %q does not lead to a variable", path)
			}
			if last {
				c[n] = u
				return nil
			}
			cur = c[n]
		default:
			return badRequest("the \"map\" path %q does not lead to a variable", path)
		}
	}
	return nil
}
