package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport is gqlgen's transport.POST (same status codes and content
// types; a body it cannot take answers a coded error that does not echo
// it, see transport_errors.go) with a cheaper write path: the executor
// already produces compact JSON for data, so the response is assembled
// around it instead of json.Marshal(*graphql.Response), which re-parses,
// validates and compacts data on every response (GQLGEN_NOTES pitfall 13).
type postTransport struct{}

var _ graphql.Transport = postTransport{}

const (
	contentTypeJSON            = "application/json"
	contentTypeGraphQLResponse = "application/graphql-response+json"
)

func (postTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == contentTypeJSON {
		return true
	}
	mediaType, _, err := mime.ParseMediaType(ct)
	return err == nil && mediaType == contentTypeJSON
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.serve(r.Context(), w, r, exec)
}

// serve answers r within ctx (which the handler built from r's context).
func (postTransport) serve(ctx context.Context, w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	contentType := responseContentType(r)
	w.Header().Set("Content-Type", contentType)
	start := graphql.Now()

	body := bufPool.Get().(*bytes.Buffer)
	body.Reset()
	defer func() {
		if body.Cap() <= 64<<10 {
			bufPool.Put(body)
		}
	}()
	if _, err := body.ReadFrom(r.Body); err != nil {
		writeRequestError(w, readError(err))
		return
	}
	var params graphql.RawParams
	if err := decodeRawParams(body.Bytes(), &params); err != nil {
		writeRequestError(w, paramsError("the request body", err))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	op, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		if contentType == contentTypeGraphQLResponse {
			w.WriteHeader(statusForGraphQLResponse(errs))
		} else {
			w.WriteHeader(statusFor(errs))
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, op), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, op)
	writeResponse(w, responses(ctx))
}

// decodeRawParams decodes a request (a POST body, a websocket subscribe
// payload): the usual shape with the small exact decoder, anything else as
// gqlgen's transports do.
func decodeRawParams(data []byte, p *graphql.RawParams) error {
	if decodeParams(data, p) {
		return nil
	}
	return decodeStd(data, p)
}

// decodeStd decodes a request body as gqlgen's transports do.
func decodeStd(data []byte, p *graphql.RawParams) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(p)
}

// responseContentType picks application/json or
// application/graphql-response+json from Accept, as gqlgen's POST does.
func responseContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return contentTypeJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", contentTypeJSON:
			return contentTypeJSON
		case contentTypeGraphQLResponse:
			return contentTypeGraphQLResponse
		}
	}
	return contentTypeGraphQLResponse
}

func statusFor(errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) == errcode.KindProtocol {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

func statusForGraphQLResponse(errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) == errcode.KindProtocol {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// writeResponse writes resp as json.Marshal would (same keys and order),
// copying data as it is: the executors write it as compact JSON, and
// unlike json.Marshal it is not HTML-escaped (the response is JSON with
// nosniff, never HTML; clients read the same values).
func writeResponse(w http.ResponseWriter, resp *graphql.Response) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	if err := appendResponse(buf, resp); err != nil {
		panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err))
	}
	_, _ = w.Write(buf.Bytes())
}

func appendResponse(buf *bytes.Buffer, resp *graphql.Response) error {
	if resp == nil {
		buf.WriteString("null")
		return nil
	}
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil || !objectOrNull(resp.Data) {
		raw, err := json.Marshal(resp)
		if err != nil {
			return err
		}
		buf.Write(raw)
		return nil
	}
	buf.WriteByte('{')
	if len(resp.Errors) > 0 {
		raw, err := json.Marshal(resp.Errors)
		if err != nil {
			return err
		}
		buf.WriteString(`"errors":`)
		buf.Write(raw)
		buf.WriteByte(',')
	}
	buf.WriteString(`"data":`)
	if resp.Data == nil {
		buf.WriteString("null")
	} else {
		buf.Write(resp.Data)
	}
	if len(resp.Extensions) > 0 {
		raw, err := json.Marshal(resp.Extensions)
		if err != nil {
			return err
		}
		buf.WriteString(`,"extensions":`)
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return nil
}

// objectOrNull reports data shaped as the executors write it: an object
// or null (anything else goes through json.Marshal, which validates it).
func objectOrNull(data json.RawMessage) bool {
	return len(data) == 0 || string(data) == "null" || (data[0] == '{' && data[len(data)-1] == '}')
}
