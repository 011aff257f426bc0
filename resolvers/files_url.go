package resolvers

import (
	"context"
	"strings"
)

// FileURLBase is what a file's URL starts with (GraphQL's File.url): the
// settings' meta.appURL without a trailing slash, or "" (a path from the
// server root) while it is PocketBase's placeholder default.
func (s *Service) FileURLBase(ctx context.Context) string {
	st, err := s.Settings(ctx)
	if err != nil || st.Meta.AppURL == defaultAppURL {
		return ""
	}
	return strings.TrimSuffix(st.Meta.AppURL, "/")
}
