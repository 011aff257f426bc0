package rest

import (
	"encoding/json"
	"net/http"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

func (a *API) listCollections(w http.ResponseWriter, r *http.Request) {
	p, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.svc.ListCollections(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, map[string]any{
		"page": list.Page, "perPage": list.PerPage, "totalItems": list.TotalItems, "totalPages": list.TotalPages, "items": list.Items,
	}, true)
}

func (a *API) getCollection(w http.ResponseWriter, r *http.Request) {
	c, err := a.svc.GetCollection(r.Context(), r.PathValue("collection"))
	a.writeCollection(w, r, c, err)
}

func (a *API) createCollection(w http.ResponseWriter, r *http.Request) {
	if raw, ok := a.superuserBody(w, r); ok {
		c, err := a.svc.CreateCollection(r.Context(), raw)
		a.writeCollection(w, r, c, err)
	}
}

func (a *API) updateCollection(w http.ResponseWriter, r *http.Request) {
	if raw, ok := a.superuserBody(w, r); ok {
		c, err := a.svc.UpdateCollection(r.Context(), r.PathValue("collection"), raw)
		a.writeCollection(w, r, c, err)
	}
}

// superuserBody checks the caller is a superuser before reading the JSON
// body (so guests learn nothing from body errors); on failure it has
// already answered.
func (a *API) superuserBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if err := resolvers.RequireSuperuser(r.Context()); err != nil {
		a.writeError(w, r, err)
		return nil, false
	}
	raw, err := readRawJSON(r)
	if err != nil {
		a.writeError(w, r, err)
		return nil, false
	}
	return raw, true
}

func (a *API) writeCollection(w http.ResponseWriter, r *http.Request, c *schema.Collection, err error) {
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, c, false)
}

func (a *API) deleteCollection(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.DeleteCollection(r.Context(), r.PathValue("collection")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) truncateCollection(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.TruncateCollection(r.Context(), r.PathValue("collection")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) importCollections(w http.ResponseWriter, r *http.Request) {
	raw, ok := a.superuserBody(w, r)
	if !ok {
		return
	}
	var body struct {
		Collections   []json.RawMessage `json:"collections"`
		DeleteMissing bool              `json:"deleteMissing"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		a.writeError(w, r, resolvers.BadRequest("Failed to read the request body: expected {collections, deleteMissing}.", err))
		return
	}
	if len(body.Collections) == 0 {
		a.writeError(w, r, resolvers.Invalid("Failed to import collections.", schema.ValidationErrors{"collections": &schema.FieldError{Code: "validation_required", Message: "Cannot be blank."}}))
		return
	}
	if err := a.svc.ImportCollections(r.Context(), body.Collections, body.DeleteMissing); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
