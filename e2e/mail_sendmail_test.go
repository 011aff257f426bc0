package e2e

import (
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeSendmailDir makes a directory holding a sendmail program that saves
// its arguments and writes the message it reads into a FIFO, so a test
// can wait for the message without polling. It returns the directory and
// a channel that yields the first message piped.
func fakeSendmailDir(t *testing.T) (string, <-chan []byte) {
	t.Helper()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "mail.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nprintf '%s' \"$*\" > '" + dir + "/args'\ncat > '" + fifo + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "sendmail"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until sendmail opens it
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- data
	}()
	t.Cleanup(func() { // free the reader when no message came
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	return dir, got
}

// htmlPart is the decoded HTML part of a multipart/alternative message.
func htmlPart(t *testing.T, msg *netmail.Message) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("no HTML part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			data, _ := io.ReadAll(p) // quoted-printable is decoded by the reader
			return string(data)
		}
	}
}

func TestMail_SendmailWhileSMTPIsOff(t *testing.T) {
	dir, got := fakeSendmailDir(t)
	s := StartServerEnv(t, []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")})
	s.MustDo(t, 200, "PATCH", "/api/settings", s.AdminToken(t), map[string]any{
		"meta": map[string]any{"appName": "Acme Notes", "appURL": "http://notes.test", "senderName": "Acme", "senderAddress": "no-reply@notes.test"},
		"smtp": map[string]any{"enabled": false},
	})
	usersWithAnn(t, s)
	s.MustDo(t, 204, "POST", "/api/collections/users/request-password-reset", "", map[string]any{"email": "ann@example.com"})
	var raw []byte
	select {
	case raw = <-got:
	case <-time.After(20 * time.Second):
		t.Fatalf("sendmail got no message:\n%s", s.Output())
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if string(args) != "-t -i" {
		t.Fatalf("sendmail ran with %q", args)
	}
	msg, err := netmail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("%v:\n%s", err, raw)
	}
	if msg.Header.Get("To") != "<ann@example.com>" || !strings.Contains(msg.Header.Get("From"), "no-reply@notes.test") {
		t.Fatalf("headers %v", msg.Header)
	}
	token := tokenInLink.FindStringSubmatch(htmlPart(t, msg))
	if token == nil {
		t.Fatalf("no reset link in %s", raw)
	}
	s.MustDo(t, 204, "POST", "/api/collections/users/confirm-password-reset", "", map[string]any{
		"token": token[1], "password": "a-new-password", "passwordConfirm": "a-new-password"})
	s.Login(t, "users", "ann@example.com", "a-new-password")
}

func TestMail_NothingSentWithoutSMTPOrSendmail(t *testing.T) {
	for _, p := range []string{"/usr/sbin/sendmail", "/usr/bin/sendmail"} {
		if _, err := os.Stat(p); err == nil {
			t.Skipf("this machine has %s", p)
		}
	}
	s := StartServerEnv(t, []string{"PATH=" + t.TempDir()})
	usersWithAnn(t, s)
	s.MustDo(t, 204, "POST", "/api/collections/users/request-password-reset", "", map[string]any{"email": "ann@example.com"})
	s.WaitOutput(t, "auth e-mail not sent", 10*time.Second)
	s.WaitOutput(t, "no sendmail program is installed", 10*time.Second)
}
