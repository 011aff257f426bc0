package rest

import (
	"context"
	"net/http"
)

// The auth flows that answer 204 (e-mail verification, password reset,
// e-mail change); request-otp answers its id.

// noContentFlow adapts a flow that takes body strings to a 204 route.
func (a *API) noContentFlow(run func(ctx context.Context, col string, body map[string]any) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		if err := run(r.Context(), r.PathValue("collection"), body); err != nil {
			a.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (a *API) authMailRoutes(mux *http.ServeMux) {
	const prefix = "POST /api/collections/{collection}/"
	mux.HandleFunc(prefix+"request-verification", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.RequestVerification(ctx, col, str(b, "email"))
	}))
	mux.HandleFunc(prefix+"confirm-verification", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.ConfirmVerification(ctx, col, str(b, "token"))
	}))
	mux.HandleFunc(prefix+"request-password-reset", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.RequestPasswordReset(ctx, col, str(b, "email"))
	}))
	mux.HandleFunc(prefix+"confirm-password-reset", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.ConfirmPasswordReset(ctx, col, str(b, "token"), str(b, "password"), str(b, "passwordConfirm"))
	}))
	mux.HandleFunc(prefix+"request-email-change", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.RequestEmailChange(ctx, col, str(b, "newEmail"))
	}))
	mux.HandleFunc(prefix+"confirm-email-change", a.noContentFlow(func(ctx context.Context, col string, b map[string]any) error {
		return a.svc.ConfirmEmailChange(ctx, col, str(b, "token"), str(b, "password"))
	}))
	mux.HandleFunc(prefix+"request-otp", a.requestOTP)
	mux.HandleFunc(prefix+"auth-with-otp", a.authWithOTP)
	mux.HandleFunc("POST /api/settings/test/email", a.noContentFlow(func(ctx context.Context, _ string, b map[string]any) error {
		return a.svc.SendTestEmail(ctx, str(b, "collection"), str(b, "template"), str(b, "email"))
	}))
}

func (a *API) requestOTP(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	id, err := a.svc.RequestOTP(r.Context(), r.PathValue("collection"), str(body, "email"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePicked(w, r, http.StatusOK, map[string]any{"otpId": id}, false)
}

func (a *API) authWithOTP(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	res, err := a.svc.AuthWithOTP(withMFA(r, body), r.PathValue("collection"), str(body, "otpId"), str(body, "password"))
	a.writeAuth(w, r, res, err)
}

// str is body[key] when it is a string.
func str(body map[string]any, key string) string {
	s, _ := body[key].(string)
	return s
}
