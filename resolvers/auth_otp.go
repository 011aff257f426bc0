package resolvers

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

const (
	maxLiveOTPs      = 10                // per record; further requests get dead ids
	otpCost          = 8                 // bcrypt cost of a short-lived code
	maxOTPFailures   = 5                 // wrong codes per record within otpFailureWindow
	otpFailureWindow = 180 * time.Second // before more attempts are refused (429)
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
func (s *Service) AuthWithOTP(ctx context.Context, col, otpID, code string) (*AuthResult, error) {
	c, err := s.otpCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if errs := blank("otpId", otpID, "password", code); len(errs) > 0 {
		return nil, Invalid("Failed to authenticate.", errs)
	}
	otp, err := store.FindOTP(ctx, s.store.Reader(), c.ID, otpID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, BadRequest(msgInvalidOTP, nil)
	}
	if err != nil {
		return nil, internal(err)
	}
	now := s.now()
	if now.Sub(otp.Created) > otpLifetime(c) {
		return nil, BadRequest(msgInvalidOTP, nil)
	}
	if s.otpFails.count(otp.RecordRef, now) >= maxOTPFailures {
		return nil, &Error{Status: http.StatusTooManyRequests, Message: "Too many attempts, please try again later."}
	}
	if !auth.CheckPassword(otp.PasswordHash, code) {
		s.otpFails.add(otp.RecordRef, now)
		return nil, BadRequest(msgInvalidOTP, nil)
	}
	s.otpFails.clear(otp.RecordRef)
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

// attempts counts failures per key within otpFailureWindow; a success
// clears them.
type attempts struct {
	mu sync.Mutex
	m  map[string][]time.Time
}

func (a *attempts) count(key string, now time.Time) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.recent(key, now))
}

func (a *attempts) add(key string, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string][]time.Time{}
	}
	a.m[key] = append(a.recent(key, now), now)
}

func (a *attempts) clear(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.m, key)
}

// recent drops key's failures older than the window; a.mu is held.
func (a *attempts) recent(key string, now time.Time) []time.Time {
	list := a.m[key]
	for len(list) > 0 && now.Sub(list[0]) >= otpFailureWindow {
		list = list[1:]
	}
	if len(list) == 0 {
		delete(a.m, key)
		return nil
	}
	a.m[key] = list
	return list
}
