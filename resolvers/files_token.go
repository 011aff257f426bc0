package resolvers

import (
	"context"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/files"
)

// FileToken issues a file token for the caller (POST /api/files/token):
// any signed-in record, superusers included; guests get a 401.
func (s *Service) FileToken(ctx context.Context) (string, error) {
	id := auth.FromContext(ctx)
	if id == nil || id.Record == nil {
		return "", Unauthorized("")
	}
	tok, err := files.NewToken(id.Record)
	if err != nil {
		return "", internal(err)
	}
	return tok, nil
}
