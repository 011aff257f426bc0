package rest

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/monobase/monobase/resolvers"
	"github.com/monobase/monobase/schema"
)

// Batch defaults, PocketBase's.
const (
	defaultBatchTimeout     = 3 * time.Second
	defaultBatchMaxBodySize = 128 << 20
)

// batchResult is one sub-request's answer in a successful batch.
type batchResult struct {
	Body   json.RawMessage `json:"body"`
	Status int             `json:"status"`
}

// batchItemError is the error of the sub-request that failed a batch,
// under data.requests.<index>.
type batchItemError struct {
	Code     string          `json:"code"`
	Message  string          `json:"message"`
	Response json.RawMessage `json:"response"`
}

func (e *batchItemError) Error() string { return e.Message }

// batchActions are the sub-requests a batch may hold, as in PocketBase.
var batchActions = []struct {
	re     *regexp.Regexp
	action string
}{
	{regexp.MustCompile(`^PUT /api/collections/([^/?]+)/records(\?.*)?$`), "upsert"},
	{regexp.MustCompile(`^POST /api/collections/([^/?]+)/records(\?.*)?$`), "create"},
	{regexp.MustCompile(`^PATCH /api/collections/([^/?]+)/records/([^/?]+)(\?.*)?$`), "update"},
	{regexp.MustCompile(`^DELETE /api/collections/([^/?]+)/records/([^/?]+)(\?.*)?$`), "delete"},
}

// batch answers POST /api/batch: every sub-request runs in one transaction
// with the outer request's auth and @request.context = "batch"; the first
// failure rolls all of them back.
func (a *API) batch(w http.ResponseWriter, r *http.Request) {
	st, err := a.svc.Settings(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	cfg := st.Batch
	if !cfg.Enabled || cfg.MaxRequests <= 0 {
		a.writeError(w, r, resolvers.Forbidden("Batch requests are not allowed."))
		return
	}
	limit := cfg.MaxBodySize
	if limit <= 0 {
		limit = defaultBatchMaxBodySize
	}
	if r.ContentLength > limit {
		a.writeError(w, r, errTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	reqs, err := readBatch(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if errs := validateBatch(reqs, cfg.MaxRequests); len(errs) > 0 {
		a.writeError(w, r, resolvers.Invalid("Invalid batch request data.", errs))
		return
	}
	timeout := time.Duration(cfg.Timeout) * time.Second
	if timeout <= 0 {
		timeout = defaultBatchTimeout
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	var results []batchResult
	err = a.svc.InTx(ctx, func(ctx context.Context) error {
		results = results[:0] // a transaction retried after SQLITE_BUSY starts over
		for i, item := range reqs {
			res, err := a.batchItem(ctx, r, item)
			if err != nil {
				return resolvers.Invalid("Batch transaction failed.", schema.ValidationErrors{
					"requests": schema.ValidationErrors{strconv.Itoa(i): err},
				})
			}
			results = append(results, res)
		}
		return nil
	})
	if err != nil {
		if _, ok := resolvers.AsError(err); !ok {
			err = resolvers.BadRequest("Batch transaction failed.", err) // e.g. the timeout
		}
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, results)
}

// batchItem runs one sub-request through the record route it names and
// returns its answer, or a *batchItemError when it failed.
func (a *API) batchItem(ctx context.Context, outer *http.Request, item batchRequest) (batchResult, error) {
	line := strings.ToUpper(item.Method) + " " + item.URL
	for _, act := range batchActions {
		m := act.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		inner, err := a.innerRequest(ctx, outer, item)
		if err != nil {
			return batchResult{}, itemError(http.StatusBadRequest, err)
		}
		inner.SetPathValue("collection", pathUnescape(m[1]))
		handler := a.createRecord
		switch act.action {
		case "upsert":
			if id, _ := item.Body["id"].(string); id != "" && a.svc.RecordExists(inner.Context(), pathUnescape(m[1]), id) {
				inner.SetPathValue("id", id)
				handler = a.updateRecord
			}
		case "update":
			inner.SetPathValue("id", pathUnescape(m[2]))
			handler = a.updateRecord
		case "delete":
			inner.SetPathValue("id", pathUnescape(m[2]))
			handler = a.deleteRecord
		}
		rec := newRecorder()
		handler(rec, inner)
		if rec.status >= 400 {
			return batchResult{}, &batchItemError{Code: "batch_request_failed", Message: "Batch request failed.", Response: rec.body()}
		}
		body := rec.body()
		if len(body) == 0 {
			body = json.RawMessage("null")
		}
		return batchResult{Body: body, Status: rec.status}, nil
	}
	return batchResult{}, itemError(http.StatusBadRequest, resolvers.BadRequest("Unknown batch request action.", nil))
}

// innerRequest builds the sub-request: its method, URL and decoded body
// (uploads included; readBody takes it as is), the outer headers with the
// item's own applied (Authorization excepted: the outer auth is reused),
// and @request.* info with context "batch".
func (a *API) innerRequest(ctx context.Context, outer *http.Request, item batchRequest) (*http.Request, error) {
	inner, err := http.NewRequestWithContext(ctx, strings.ToUpper(item.Method), item.URL, http.NoBody)
	if err != nil {
		return nil, resolvers.BadRequest("Invalid batch request url.", err)
	}
	inner.RemoteAddr = outer.RemoteAddr
	inner.Header = outer.Header.Clone()
	for k, v := range item.Headers {
		if !strings.EqualFold(k, "Authorization") {
			inner.Header.Set(k, v)
		}
	}
	inner.Header.Set("Content-Type", "application/json")
	inner.Header.Del("Content-Length")
	info := resolvers.RequestInfoFromHTTP(inner)
	info.Context = "batch"
	return inner.WithContext(withBody(resolvers.WithRequestInfo(ctx, info), item.Body)), nil
}

// itemError renders err as the failed item's response envelope.
func itemError(status int, err error) *batchItemError {
	e, ok := resolvers.AsError(err)
	if !ok {
		e = &resolvers.Error{Status: status, Message: err.Error()}
	}
	b, _ := json.Marshal(apiError{Status: e.Status, Message: sentenize(e.Message), Data: map[string]any{}})
	return &batchItemError{Code: "batch_request_failed", Message: "Batch request failed.", Response: b}
}
