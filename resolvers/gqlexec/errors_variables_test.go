package gqlexec

import (
	"testing"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestVariableError_NamesTheVariableAndField(t *testing.T) {
	v := func(msg string, path ...ast.PathElement) *gqlerror.Error {
		e := gqlerror.ErrorPathf(append(ast.Path{ast.PathName("variable")}, path...), "%s", msg)
		errcode.Set(e, errcode.ValidationFailed)
		return e
	}
	for _, tc := range []struct {
		in   *gqlerror.Error
		want string
	}{
		{v("must be defined", ast.PathName("input"), ast.PathName("title")), `Variable "$input" got an invalid value at "input.title": must be defined.`},
		{v("cannot be null", ast.PathName("input"), ast.PathName("items"), ast.PathIndex(2), ast.PathName("name")), `Variable "$input" got an invalid value at "input.items[2].name": cannot be null.`},
		{v("must be defined", ast.PathName("input")), `Variable "$input" must be defined.`},
		{v("cannot use string as Int", ast.PathName("n")), `Variable "$n" got an invalid value: cannot use string as Int.`},
		{gqlerror.ErrorPathf(ast.Path{ast.PathName("variable"), ast.PathName("x")}, "a resolver's error"), "a resolver's error"},
	} {
		got := variableError(tc.in)
		if got.Message != tc.want {
			t.Errorf("%v %q: got %q, want %q", tc.in.Path, tc.in.Message, got.Message, tc.want)
		}
		if got.Path.String() != tc.in.Path.String() || got.Extensions["code"] != tc.in.Extensions["code"] {
			t.Errorf("%v: path or code changed: %v %v", tc.in.Path, got.Path, got.Extensions)
		}
	}
}
