package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/rules"
)

// RequestInfo is what the transport knows of the request, for the
// @request.* names of rules.
type RequestInfo struct {
	Method  string
	Query   map[string]string
	Headers map[string]string // keys snake_cased and lower-cased
	Context string            // default, batch, realtime, expand, …
}

type requestInfoKey struct{}

// WithRequestInfo returns ctx carrying info.
func WithRequestInfo(ctx context.Context, info *RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

func requestInfoFrom(ctx context.Context) *RequestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*RequestInfo)
	if info == nil {
		return &RequestInfo{Context: "default"}
	}
	return info
}

// withContextName returns ctx whose request info has a different
// @request.context (e.g. "expand").
func withContextName(ctx context.Context, name string) context.Context {
	info := *requestInfoFrom(ctx)
	info.Context = name
	return WithRequestInfo(ctx, &info)
}

// rulesRequest builds @request.* for a rule or filter; body is the submitted
// data for create/update (nil otherwise).
func rulesRequest(ctx context.Context, body map[string]any) *rules.Request {
	info := requestInfoFrom(ctx)
	req := &rules.Request{
		Body:    body,
		Query:   info.Query,
		Headers: info.Headers,
		Method:  info.Method,
		Context: info.Context,
	}
	if req.Context == "" {
		req.Context = "default"
	}
	if id := auth.FromContext(ctx); id != nil && id.Record != nil {
		m := make(map[string]any, len(id.Record.Data)+2)
		for k, v := range id.Record.Data {
			m[k] = v
		}
		m["collectionId"] = id.Collection.ID
		m["collectionName"] = id.Collection.Name
		req.Auth = m
		req.AuthTable = id.Collection.Name
	}
	return req
}
