package gqlexec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// variableError rewrites an error of variable coercion (gqlparser's: path
// ["variable", name, field…], message "must be defined") so that its
// message names the variable and the field, as graphql-js does: clients
// often show the message alone. Path and code stay. Other errors come back
// as they are.
func variableError(ge *gqlerror.Error) *gqlerror.Error {
	if len(ge.Path) < 2 || ge.Path[0] != ast.PathName("variable") || ge.Extensions["code"] != errcode.ValidationFailed {
		return ge
	}
	name, ok := ge.Path[1].(ast.PathName)
	if !ok {
		return ge
	}
	out := *ge
	msg := strings.TrimSuffix(ge.Message, ".")
	switch {
	case len(ge.Path) > 2:
		out.Message = fmt.Sprintf("Variable \"$%s\" got an invalid value at %q: %s.", name, inputPath(ge.Path[1:]), msg)
	case msg == "must be defined" || msg == "cannot be null":
		out.Message = fmt.Sprintf("Variable \"$%s\" %s.", name, msg)
	default:
		out.Message = fmt.Sprintf("Variable \"$%s\" got an invalid value: %s.", name, msg)
	}
	return &out
}

// inputPath writes a path into an input value as graphql-js does:
// input.items[0].title.
func inputPath(path ast.Path) string {
	var b strings.Builder
	for i, p := range path {
		switch p := p.(type) {
		case ast.PathIndex:
			b.WriteString("[" + strconv.Itoa(int(p)) + "]")
		case ast.PathName:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(p))
		}
	}
	return b.String()
}
