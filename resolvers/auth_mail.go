package resolvers

import (
	"context"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"sync"
	"time"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/mail"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// mailTimeout bounds one background delivery.
const mailTimeout = 30 * time.Second

// mailer is the configured sender; else SMTP as the settings say now;
// else, while SMTP is off, the local sendmail program, as PocketBase;
// else none (mail.ErrDisabled).
func (s *Service) mailer(st Settings) (mail.Sender, error) {
	if s.cfg.Mailer != nil {
		return s.cfg.Mailer, nil
	}
	if !st.SMTP.Enabled {
		path, err := mail.FindSendmail()
		if err != nil {
			return nil, mail.ErrDisabled
		}
		return &mail.Sendmail{Path: path}, nil
	}
	return &mail.SMTP{Host: st.SMTP.Host, Port: st.SMTP.Port, Username: st.SMTP.Username, Password: st.SMTP.Password,
		AuthMethod: st.SMTP.AuthMethod, TLS: st.SMTP.TLS, LocalName: st.SMTP.LocalName}, nil
}

// mailOff reports that no e-mail can be sent with settings st.
func (s *Service) mailOff(st Settings) bool {
	_, err := s.mailer(st)
	return err != nil
}

// authMail renders tpl for rec (sent to `to`) with the app's placeholders
// plus extra.
func (s *Service) authMail(ctx context.Context, rec *store.Record, to string, tpl schema.EmailTemplate, extra map[string]string) (*mail.Message, Settings, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, st, err
	}
	vars := map[string]string{"APP_NAME": st.Meta.AppName, "APP_URL": st.Meta.AppURL}
	for _, f := range rec.Collection.Fields {
		if fc := f.Common(); !fc.Hidden {
			vars["RECORD:"+fc.Name] = fmt.Sprint(f.Encode(rec.Get(fc.Name)))
		}
	}
	for k, v := range extra {
		vars[k] = v
	}
	return &mail.Message{
		From:    netmail.Address{Name: st.Meta.SenderName, Address: st.Meta.SenderAddress},
		To:      []netmail.Address{{Address: to}},
		Subject: mail.Render(tpl.Subject, vars, false),
		HTML:    mail.Render(tpl.Body, vars, true),
	}, st, nil
}

// sendAuthMail renders and sends in the background: the request answers
// the same whether or not the address exists or the server is slow (no
// account enumeration by timing). Failures are logged.
func (s *Service) sendAuthMail(ctx context.Context, rec *store.Record, to string, tpl schema.EmailTemplate, extra map[string]string) error {
	m, st, err := s.authMail(ctx, rec, to, tpl, extra)
	if err != nil {
		return internal(err)
	}
	sender, err := s.mailer(st)
	if err != nil {
		slog.Warn("auth e-mail not sent", "to", to, "subject", m.Subject, "err", err)
		return nil
	}
	send := func() {
		s.inBackground(ctx, func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, mailTimeout)
			defer cancel()
			if err := sender.Send(ctx, m); err != nil {
				slog.Error("sending an auth e-mail failed", "to", to, "subject", m.Subject, "err", err)
			}
		})
	}
	if tx := txFrom(ctx); tx != nil {
		tx.OnCommit(send) // inside a GraphQL mutation: only once it stands
	} else {
		send()
	}
	return nil
}

// sendTokenMail e-mails `to` a link carrying a new token of type typ for
// rec ({TOKEN} in tpl).
func (s *Service) sendTokenMail(ctx context.Context, rec *store.Record, to, typ string, claims auth.Claims, tpl schema.EmailTemplate) error {
	token, err := auth.NewToken(rec, typ, claims)
	if err != nil {
		return internal(err)
	}
	return s.sendAuthMail(ctx, rec, to, tpl, map[string]string{"TOKEN": token})
}

// inBackground runs fn on its own goroutine, with ctx's values but
// neither its cancellation nor its transaction; WaitBackground waits for it.
func (s *Service) inBackground(ctx context.Context, fn func(ctx context.Context)) {
	ctx = context.WithValue(context.WithoutCancel(ctx), txKey{}, (*store.Tx)(nil))
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		fn(ctx)
	}()
}

// WaitBackground waits for background work (e-mails being sent) to end.
func (s *Service) WaitBackground() { s.background.Wait() }

// throttle remembers when something last happened per key, so that an
// e-mail is not sent again to the same record within a window.
type throttle struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// allow reports whether key may act now (and records it), given window.
func (t *throttle) allow(key string, now time.Time, window time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	if at, ok := t.last[key]; ok && now.Sub(at) < window {
		return false
	}
	if len(t.last) >= 10000 {
		for k, at := range t.last {
			if now.Sub(at) >= window {
				delete(t.last, k)
			}
		}
	}
	t.last[key] = now
	return true
}
