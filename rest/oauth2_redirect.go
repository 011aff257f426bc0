package rest

import (
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/monobase/monobase/realtime"
)

// oauth2Topic is the realtime topic the SDK's authWithOAuth2 listens on.
const oauth2Topic = "@oauth2"

// oauth2Redirect is PocketBase's popup callback (/api/oauth2-redirect):
// the provider sends the browser here with the state, which the SDK set
// to its realtime client id, and a code (or an error). The payload goes to
// that client as an "@oauth2" event, once, provided it subscribed to the
// topic; the SDK then calls auth-with-oauth2. Apple's first answer also
// posts the user's name ("user"), kept for that sign-in. The popup gets a
// small page (there is no dashboard to redirect to).
func (a *API) oauth2Redirect(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil { // GET query, or Apple's form_post body
		a.oauth2Page(w, false)
		return
	}
	state, code, oauthErr := r.Form.Get("state"), r.Form.Get("code"), r.Form.Get("error")
	hub := a.svc.Realtime()
	var c *realtime.Client
	if hub != nil && state != "" {
		c = hub.Client(state)
	}
	if c == nil || !c.Unsubscribe(oauth2Topic) {
		a.log.Warn("OAuth2 redirect without a waiting realtime client", "hasState", state != "")
		a.oauth2Page(w, false)
		return
	}
	if oauthErr == "" && code != "" {
		if err := a.svc.RememberAppleName(code, r.Form.Get("user")); err != nil {
			a.log.Debug("OAuth2 redirect: unreadable Apple user", "err", err)
		}
	}
	data, err := json.Marshal(struct {
		State string `json:"state"`
		Code  string `json:"code"`
		Error string `json:"error,omitempty"`
	}{state, code, oauthErr})
	if err != nil {
		a.oauth2Page(w, false)
		return
	}
	c.Send(realtime.Message{Topic: oauth2Topic, Payload: data})
	a.oauth2Page(w, oauthErr == "" && code != "")
}

var oauth2PageTemplate = template.Must(template.New("oauth2").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif; text-align: center; padding: 3em">
<h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .OK}}<script>window.close()</script>{{end}}
</body></html>
`))

// oauth2Page answers the popup: 200 on success, 400 on failure.
func (a *API) oauth2Page(w http.ResponseWriter, ok bool) {
	page := struct {
		OK          bool
		Title, Text string
	}{ok, "Authentication complete", "You can close this window and go back to the app."}
	status := http.StatusOK
	if !ok {
		page.Title, page.Text = "Authentication failed", "Close this window and try to sign in again."
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = oauth2PageTemplate.Execute(w, page)
}
