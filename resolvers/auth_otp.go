package resolvers

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

const (
	maxLiveOTPs = 10 // per record; further requests get dead ids
	otpCost     = 8  // bcrypt cost of a short-lived code
)

const msgInvalidOTP = "Invalid or expired OTP."

// RequestOTP e-mails a one-time password to the record with that address
// and returns the id to sign in with. The code is hashed, stored and sent
// in the background, and an unknown address gets an id that leads
// nowhere: neither the answer nor its timing tells who has an account.
func (s *Service) RequestOTP(ctx context.Context, col, email string) (string, error) {
	c, err := s.otpCollection(ctx, col)
	if err != nil {
		return "", err
	}
	if err := requireEmail("email", email); err != nil {
		return "", err
	}
	id := store.NewRecordID()
	if rec := s.findByIdentity(ctx, c, []string{"email"}, email); rec != nil {
		s.inBackground(ctx, func(ctx context.Context) {
			if err := s.issueOTP(ctx, c, rec, id); err != nil {
				slog.Error("issuing a one-time password failed", "collection", c.ID, "record", rec.ID(), "err", err)
			}
		})
	}
	return id, nil
}

// issueOTP stores OTP id for rec and e-mails its code, unless the record
// already has maxLiveOTPs live ones (then the id stays dead).
func (s *Service) issueOTP(ctx context.Context, c *schema.Collection, rec *store.Record, id string) error {
	code := randomDigits(c.OTP.Length)
	hash, err := auth.HashPassword(code, otpCost)
	if err != nil {
		return err
	}
	now := s.now()
	otp := store.OTP{ID: id, CollectionRef: c.ID, RecordRef: rec.ID(), PasswordHash: hash, SentTo: rec.String("email"), Created: now}
	full := false
	err = s.InTx(ctx, func(ctx context.Context) error {
		tx := txFrom(ctx)
		live, err := store.LiveOTPs(ctx, tx, c.ID, rec.ID(), now.Add(-otpLifetime(c)))
		if err != nil {
			return err
		}
		if full = len(live) >= maxLiveOTPs; full {
			return nil
		}
		return store.InsertOTP(ctx, tx, otp)
	})
	if err != nil || full {
		return err
	}
	return s.sendAuthMail(ctx, rec, otp.SentTo, c.OTP.EmailTemplate, map[string]string{"OTP": code, "OTP_ID": otp.ID})
}

// AuthWithOTP signs in with an OTP id and its code. A code that went to
// the record's own address verifies it; without MFA the password is then
// randomized, as whoever set it has not proven they own the address.
// Failures are throttled per address the code went to (whichever of its
// codes is tried) and per client address.
func (s *Service) AuthWithOTP(ctx context.Context, col, otpID, code string) (*AuthResult, error) {
	c, err := s.otpCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if errs := blank("otpId", otpID, "password", code); len(errs) > 0 {
		return nil, Invalid("Failed to authenticate.", errs)
	}
	otp, err := store.FindOTP(ctx, s.store.Reader(), c.ID, otpID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, internal(err)
	}
	account := "id:" + otpID // an id that leads nowhere still counts its guesses
	if otp != nil {
		account = otp.SentTo
	}
	attempt, err := s.beginSignIn(ctx, c, MethodOTP, account)
	if err != nil {
		return nil, err
	}
	ok := otpMatches(c, otp, code, s.now())
	attempt.Done(ok)
	if !ok {
		return nil, BadRequest(msgInvalidOTP, nil)
	}
	rec, err := store.FindRecord(ctx, s.store.Reader(), c, otp.RecordRef)
	if err != nil {
		return nil, BadRequest(msgInvalidOTP, nil)
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		return store.DeleteOTPs(ctx, txFrom(ctx), c.ID, rec.ID())
	})
	if err != nil {
		return nil, internal(err)
	}
	if strings.EqualFold(otp.SentTo, rec.String("email")) && !asBool(rec.Get("verified")) {
		ch := authChange{verified: true}
		if !c.MFA.Enabled { // with MFA the password is one of the two factors: it stays
			ch.password = randomPassword()
		}
		if rec, err = s.applyAuthChange(ctx, rec, ch); err != nil {
			return nil, err
		}
	}
	return s.signIn(ctx, rec, MethodOTP)
}

// otpMatches checks code against otp, which must be live. An unknown or
// expired id costs a check too, so that the timing does not tell an id
// that leads somewhere from one that does not.
func otpMatches(c *schema.Collection, otp *store.OTP, code string, now time.Time) bool {
	if otp == nil || now.Sub(otp.Created) > otpLifetime(c) {
		auth.DummyPasswordCheck(otpCost)
		return false
	}
	return auth.CheckPassword(otp.PasswordHash, code)
}

func (s *Service) otpCollection(ctx context.Context, col string) (*schema.Collection, error) {
	c, err := s.authCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if !c.OTP.Enabled {
		return nil, Forbidden("The collection is not configured to allow OTP authentication.")
	}
	return c, nil
}

func otpLifetime(c *schema.Collection) time.Duration {
	return time.Duration(c.OTP.Duration) * time.Second
}

// randomDigits is a code of n decimal digits (8 when n is not positive).
func randomDigits(n int) string {
	if n <= 0 {
		n = 8
	}
	b := make([]byte, n)
	for i := range b {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = byte('0' + d.Int64())
	}
	return string(b)
}
