package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/monobase/monobase/schema"
)

// authMailRoot serves the e-mail and one-time-password mutations of an
// auth collection through the same service calls as the REST routes.
func (e *execution) authMailRoot(ctx context.Context, t *schema.GraphQLType, kind schema.RootKind, f graphql.CollectedField, args map[string]any) (any, error) {
	svc, col := e.x.svc, t.Collection.Name
	arg := func(k string) string { s, _ := args[k].(string); return s }
	var err error
	switch kind {
	case schema.RootRequestVerification:
		err = svc.RequestVerification(ctx, col, arg("email"))
	case schema.RootConfirmVerification:
		err = svc.ConfirmVerification(ctx, col, arg("token"))
	case schema.RootRequestPasswordReset:
		err = svc.RequestPasswordReset(ctx, col, arg("email"))
	case schema.RootConfirmPasswordReset:
		err = svc.ConfirmPasswordReset(ctx, col, arg("token"), arg("password"), arg("passwordConfirm"))
	case schema.RootRequestEmailChange:
		err = svc.RequestEmailChange(ctx, col, arg("newEmail"))
	case schema.RootConfirmEmailChange:
		err = svc.ConfirmEmailChange(ctx, col, arg("token"), arg("password"))
	case schema.RootRequestOTP:
		id, err := svc.RequestOTP(ctx, col, arg("email"))
		if err != nil {
			return nil, err
		}
		return map[string]any{"otpId": id}, nil
	case schema.RootAuthWithOTP:
		res, err := svc.AuthWithOTP(ctx, col, arg("otpId"), arg("password"))
		if err != nil {
			return nil, err
		}
		return e.authResult(ctx, t, res, f)
	}
	if err != nil {
		return nil, err
	}
	return true, nil
}
