package resolvers

import "context"

// RequestInfoFrom returns the request info a transport or a middleware put
// in ctx (WithRequestInfo), if any: a handler behind the REST middleware
// can reuse its headers instead of collecting them again.
func RequestInfoFrom(ctx context.Context) (*RequestInfo, bool) {
	info, ok := ctx.Value(requestInfoKey{}).(*RequestInfo)
	return info, ok && info != nil
}
