package mail_test

import (
	"context"
	"net/mail"
	"strings"
	"testing"
	"time"

	monomail "github.com/monobase/monobase/mail"
	"github.com/monobase/monobase/mail/mailtest"
)

func TestSMTPDeliversThroughARealServer(t *testing.T) {
	for _, method := range []string{"PLAIN", "LOGIN"} {
		t.Run(method, func(t *testing.T) {
			srv, err := mailtest.Start()
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			srv.RequireAuth("mailer", "s3cret")
			s := &monomail.SMTP{Host: srv.Host(), Port: srv.Port(), Username: "mailer", Password: "s3cret", AuthMethod: method}
			m := &monomail.Message{
				From:    mail.Address{Name: "Acme Support", Address: "support@acme.test"},
				To:      []mail.Address{{Address: "ana@acme.test"}},
				Subject: "Vérifiez votre adresse",
				HTML:    "<p>Hello Ana,</p>\n.lonely dot line\n<p><a href=\"http://x.test/verify?t=abc\">Verify</a></p>",
			}
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got, err := srv.Wait("ana@acme.test", 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got.From != "support@acme.test" || got.Subject != "Vérifiez votre adresse" {
				t.Fatalf("from %q subject %q", got.From, got.Subject)
			}
			if !strings.Contains(strings.ReplaceAll(got.HTML, "\r\n", "\n"), "\n.lonely dot line\n") || !strings.Contains(got.HTML, `href="http://x.test/verify?t=abc"`) {
				t.Fatalf("html part: %q", got.HTML)
			}
			if !strings.Contains(got.Text, "Verify (http://x.test/verify?t=abc)") {
				t.Fatalf("text part: %q", got.Text)
			}
		})
	}
}

func TestSMTPWrongCredentialsFail(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.RequireAuth("mailer", "s3cret")
	s := &monomail.SMTP{Host: srv.Host(), Port: srv.Port(), Username: "mailer", Password: "wrong"}
	err = s.Send(context.Background(), &monomail.Message{From: mail.Address{Address: "a@b.test"}, To: []mail.Address{{Address: "c@d.test"}}, Subject: "x", HTML: "x"})
	if err == nil {
		t.Fatal("sent with wrong credentials")
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a message arrived")
	}
}

func TestMessageRefusesHeaderInjection(t *testing.T) {
	m := &monomail.Message{From: mail.Address{Address: "a@b.test"}, To: []mail.Address{{Address: "c@d.test>\r\nBcc: x@y.test"}}}
	if err := m.Validate(); err == nil {
		t.Fatal("accepted an address with a line break")
	}
	m = &monomail.Message{From: mail.Address{Address: "a@b.test"}, To: []mail.Address{{Address: "c@d.test"}}, Subject: "Hi\r\nBcc: x@y.test", HTML: "x"}
	raw := string(m.Bytes(time.Now()))
	if strings.Contains(raw, "\r\nBcc:") {
		t.Fatalf("subject broke the header:\n%s", raw)
	}
}

func TestRender(t *testing.T) {
	tpl := `<p>Hi {RECORD:name}, <a href="{APP_URL}/confirm/{TOKEN}">confirm</a> {UNKNOWN}</p>`
	got := monomail.Render(tpl, map[string]string{"RECORD:name": "<Bob & Co>", "APP_URL": "http://app.test", "TOKEN": "t.o.k"}, true)
	want := `<p>Hi &lt;Bob &amp; Co&gt;, <a href="http://app.test/confirm/t.o.k">confirm</a> {UNKNOWN}</p>`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := monomail.Render("{APP_NAME} <x>", map[string]string{"APP_NAME": "A&B"}, false); got != "A&B <x>" {
		t.Fatalf("subject render: %q", got)
	}
}
