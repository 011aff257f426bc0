package resolvers

import (
	"context"
	"errors"
	"maps"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// oauth2Record finds the record a provider's user signs in as, inside the
// current transaction, as PocketBase does: the record already linked to
// the account; else the caller, when signed in to the same collection;
// else the record with the provider's e-mail; else a new one made from
// createData. The account ends up linked to the record. It reports
// whether the record is new.
func (s *Service) oauth2Record(ctx context.Context, c *schema.Collection, l *OAuth2Login) (*store.Record, bool, error) {
	tx := txFrom(ctx)
	provider, u := l.provider, l.user
	rec, link, err := s.linkedRecord(ctx, c, provider, u.ID)
	if err != nil {
		return nil, false, err
	}
	isCaller := false
	if caller := auth.FromContext(ctx); rec == nil && caller != nil && caller.Collection.ID == c.ID {
		if rec, err = store.FindRecord(ctx, tx, c, caller.ID()); err != nil {
			return nil, false, Unauthorized("")
		}
		isCaller = true
	}
	if rec == nil && u.Email != "" {
		rec, err = store.FindFirst(ctx, tx, c, sq.Eq{q("email"): u.Email})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, false, internal(err)
		}
	}
	isNew := rec == nil
	if isNew {
		rec, err = s.oauth2SignUp(ctx, c, l)
	} else {
		var unlinked bool
		rec, unlinked, err = s.oauth2Existing(ctx, rec, u, isCaller)
		if unlinked {
			link = nil
		}
	}
	if err != nil {
		return nil, false, err
	}
	if link == nil {
		ea := store.ExternalAuth{CollectionRef: c.ID, RecordRef: rec.ID(), Provider: provider, ProviderID: u.ID}
		if err := store.InsertExternalAuth(ctx, tx, ea); err != nil {
			return nil, false, err // e.g. the record already has another account of this provider
		}
	}
	return rec, isNew, nil
}

// linkedRecord returns the record linked to a provider account and the
// link. A link whose record is gone is deleted and reported as none.
func (s *Service) linkedRecord(ctx context.Context, c *schema.Collection, provider, providerID string) (*store.Record, *store.ExternalAuth, error) {
	tx := txFrom(ctx)
	link, err := store.FindExternalAuth(ctx, tx, c.ID, provider, providerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, internal(err)
	}
	rec, err := store.FindRecord(ctx, tx, c, link.RecordRef)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, store.DeleteExternalAuth(ctx, tx, link.ID)
	}
	if err != nil {
		return nil, nil, internal(err)
	}
	return rec, link, nil
}

var errSuperuserSignUp = errors.New("superusers cannot sign up with OAuth2")

// oauth2SignUp creates the record of a provider's user through the record
// service (createRule applies, with @request.context "oauth2"): createData,
// the provider's e-mail unless createData has one, a random password
// unless it has one, and the collection's mapped fields (a file field
// gets the downloaded avatar, stored ahead). A record whose e-mail is the
// provider's is verified.
func (s *Service) oauth2SignUp(ctx context.Context, c *schema.Collection, l *OAuth2Login) (*store.Record, error) {
	if c.Name == store.SuperusersName {
		return nil, BadRequest("Failed to authenticate.", errSuperuserSignUp)
	}
	u := l.user
	body := maps.Clone(l.createData)
	if body == nil {
		body = map[string]any{}
	}
	if email, _ := body["email"].(string); email == "" && u.Email != "" {
		body["email"] = u.Email
	}
	if _, ok := body["password"]; !ok {
		pw := randomPassword()
		body["password"], body["passwordConfirm"] = pw, pw
	}
	for key, value := range oauth2Mapped(u) {
		name := c.OAuth2.MappedFields[key]
		f := c.Field(name)
		if _, given := body[name]; name == "" || f == nil || given || value == "" {
			continue
		}
		if f.Type() == "file" {
			if key == "avatarURL" && l.avatar != nil {
				body[name] = l.avatar
			}
			continue
		}
		body[name] = value
	}
	rec, err := s.CreateStaged(WithContextName(ctx, "oauth2"), c.Name, body, l.staged)
	if err != nil {
		return nil, err
	}
	if u.Email != "" && strings.EqualFold(rec.String("email"), u.Email) && !asBool(rec.Get("verified")) {
		return s.applyAuthChange(ctx, rec, authChange{verified: true})
	}
	return rec, nil
}

// oauth2Existing secures an existing record a provider's user signs in as.
// Someone may have signed up with the e-mail before its owner: unless the
// record is the caller's own, an unverified record gets a random password
// and loses its other links (it reports that they were removed). An empty
// e-mail takes the provider's; a record whose e-mail is (now) the
// provider's, or has none, is verified.
func (s *Service) oauth2Existing(ctx context.Context, rec *store.Record, u *auth.OAuth2User, isCaller bool) (*store.Record, bool, error) {
	email, verified := rec.String("email"), asBool(rec.Get("verified"))
	ch := authChange{}
	unlinked := false
	if !isCaller && email != "" && !verified {
		ch.password = randomPassword()
		if err := store.DeleteExternalAuths(ctx, txFrom(ctx), rec.Collection.ID, rec.ID()); err != nil {
			return nil, false, internal(err)
		}
		unlinked = true
	}
	if email == "" && u.Email != "" {
		ch.email, email = u.Email, u.Email
	}
	if !verified && (email == "" || strings.EqualFold(email, u.Email)) {
		ch.verified = true
	}
	if ch == (authChange{}) {
		return rec, unlinked, nil
	}
	rec, err := s.applyAuthChange(ctx, rec, ch)
	return rec, unlinked, err
}
