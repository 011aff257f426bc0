package resolvers

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"log/slog"

	"github.com/monobase/monobase/store"
)

// alertNewOrigin e-mails rec when it signed in from a device (IP address
// and user agent) it has not used before, as PocketBase's login alerts
// do; the first sign-in ever only remembers the device. A failure here
// never fails the sign-in.
func (s *Service) alertNewOrigin(ctx context.Context, rec *store.Record) {
	c := rec.Collection
	if !c.AuthAlert.Enabled || rec.String("email") == "" {
		return
	}
	ip, agent := clientOf(ctx)
	sum := md5.Sum([]byte(ip + agent)) // a fingerprint, not a secret
	fp := hex.EncodeToString(sum[:])
	known, err := store.AuthOrigins(ctx, s.querier(ctx), c.ID, rec.ID())
	if err != nil {
		slog.Warn("reading a record's sign-in devices failed", "collection", c.ID, "record", rec.ID(), "err", err)
		return
	}
	for _, o := range known {
		if o.Fingerprint == fp {
			return // a known device: no write, no e-mail
		}
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		return store.AddAuthOrigin(ctx, txFrom(ctx), c.ID, rec.ID(), fp, s.now(), known)
	})
	if err != nil {
		slog.Warn("remembering a sign-in's device failed", "collection", c.ID, "record", rec.ID(), "err", err)
		return
	}
	if len(known) == 0 {
		return // the first sign-in ever is no news
	}
	if st, err := s.Settings(ctx); err != nil || s.mailOff(st) {
		return // no way to send: nothing to warn about on every sign-in
	}
	info := "IP: " + ip + "; user agent: " + agent
	_ = s.sendAuthMail(ctx, rec, rec.String("email"), c.AuthAlert.EmailTemplate, map[string]string{"ALERT_INFO": info})
}

// clientOf is the caller's IP address and user agent.
func clientOf(ctx context.Context) (ip, agent string) {
	info, ok := RequestInfoFrom(ctx)
	if !ok {
		return "", ""
	}
	ip = info.ClientIP
	if info.http != nil {
		agent = info.http.header.Get("User-Agent")
	}
	return ip, agent
}
