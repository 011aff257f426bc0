package rest

import (
	"net/http"
	"strconv"

	"github.com/monobase/monobase/resolvers"
)

// listParams reads page, perPage, sort, filter and skipTotal.
func listParams(r *http.Request) (resolvers.ListParams, error) {
	q := r.URL.Query()
	p := resolvers.ListParams{Sort: q.Get("sort"), Filter: q.Get("filter")}
	var err error
	if p.Page, err = intParam(q.Get("page")); err != nil {
		return p, resolvers.BadRequest("Invalid page parameter.", err)
	}
	if p.PerPage, err = intParam(q.Get("perPage")); err != nil {
		return p, resolvers.BadRequest("Invalid perPage parameter.", err)
	}
	if v := q.Get("skipTotal"); v != "" {
		if p.SkipTotal, err = strconv.ParseBool(v); err != nil {
			return p, resolvers.BadRequest("Invalid skipTotal parameter.", err)
		}
	}
	return p, nil
}

func intParam(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}
