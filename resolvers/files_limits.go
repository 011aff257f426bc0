package resolvers

// UploadBytes is the most one write to collection col may upload (0 for
// an unknown collection or one without file fields).
func (s *Service) UploadBytes(col string) int64 {
	if c := s.store.Collections().Find(col); c != nil {
		return c.UploadBytes()
	}
	return 0
}

// MaxUploadBytes is UploadBytes of the collection that allows the most: a
// GraphQL operation may write to any of them.
func (s *Service) MaxUploadBytes() int64 {
	var n int64
	for _, c := range s.store.Collections().All() {
		n = max(n, c.UploadBytes())
	}
	return n
}
