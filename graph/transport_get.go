package graph

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// getTransport is gqlgen's transport.GET (query, operationName, variables
// and extensions in the URL; queries only) with coded errors: a mutation
// answers 405 BAD_REQUEST, as the GraphQL-over-HTTP spec asks, instead of
// gqlgen's uncoded 406.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeRequestError(w, badRequest("the URL query string is malformed"))
		return
	}
	contentType := responseContentType(r)
	w.Header().Set("Content-Type", contentType)
	params := &graphql.RawParams{Query: query.Get("query"), OperationName: query.Get("operationName"), Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	if err := decodeURLObject(query, "variables", &params.Variables); err != nil {
		writeRequestError(w, err)
		return
	}
	if err := decodeURLObject(query, "extensions", &params.Extensions); err != nil {
		writeRequestError(w, err)
		return
	}
	params.ReadTime.End = graphql.Now()

	ctx := r.Context()
	op, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if contentType == contentTypeGraphQLResponse {
			w.WriteHeader(statusForGraphQLResponse(errs))
		} else {
			w.WriteHeader(statusFor(errs))
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, op), errs))
		return
	}
	if op.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeRequestError(w, &requestError{status: http.StatusMethodNotAllowed, code: CodeBadRequest,
			message: "a GET request runs queries only: send a " + string(op.Operation.Operation) + " with POST"})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, op)
	writeResponse(w, responses(ctx))
}

// decodeURLObject decodes the JSON object of URL parameter name (numbers
// as json.Number, as the POST decoders give them) into dst.
func decodeURLObject(query url.Values, name string, dst *map[string]any) *requestError {
	v := query.Get(name)
	if v == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return badRequest("the %q parameter must be a JSON object", name)
	}
	return nil
}
