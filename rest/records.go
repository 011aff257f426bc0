package rest

import (
	"net/http"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/store"
)

func (a *API) listRecords(w http.ResponseWriter, r *http.Request) {
	p, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	res, err := a.svc.List(r.Context(), r.PathValue("collection"), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items, err := a.encodeRecords(r, res.Items, resolvers.EncodeOptions{})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, map[string]any{
		"page": res.Page, "perPage": res.PerPage, "totalItems": res.TotalItems, "totalPages": res.TotalPages, "items": items,
	}, true)
}

func (a *API) viewRecord(w http.ResponseWriter, r *http.Request) {
	rec, err := a.svc.View(r.Context(), r.PathValue("collection"), r.PathValue("id"))
	a.writeRecord(w, r, rec, err)
}

func (a *API) createRecord(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	rec, err := a.svc.Create(resolvers.WithPocketBaseValues(r.Context()), r.PathValue("collection"), body)
	a.writeRecord(w, r, rec, err)
}

func (a *API) updateRecord(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	rec, err := a.svc.Update(resolvers.WithPocketBaseValues(r.Context()), r.PathValue("collection"), r.PathValue("id"), body)
	a.writeRecord(w, r, rec, err)
}

func (a *API) deleteRecord(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.Delete(r.Context(), r.PathValue("collection"), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) writeRecord(w http.ResponseWriter, r *http.Request, rec *store.Record, err error) {
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out, err := a.encodeRecords(r, []*store.Record{rec}, resolvers.EncodeOptions{})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, out[0], false)
}

// encodeRecords renders records for the caller, with ?expand applied.
func (a *API) encodeRecords(r *http.Request, recs []*store.Record, opt resolvers.EncodeOptions) ([]resolvers.JSONRecord, error) {
	out, err := a.svc.Encode(r.Context(), recs, opt)
	if err != nil {
		return nil, err
	}
	if expand := r.URL.Query().Get("expand"); expand != "" && len(recs) > 0 {
		if err := a.svc.Expand(r.Context(), recs, out, expand); err != nil {
			return nil, err
		}
	}
	return out, nil
}
