package mail_test

import (
	"context"
	"errors"
	stdmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	monomail "github.com/monobase/monobase/mail"
)

// fakeSendmail writes a sendmail program into dir that saves its
// arguments and the message it reads, then runs tail (shell).
func fakeSendmail(t *testing.T, dir, tail string) string {
	t.Helper()
	path := filepath.Join(dir, "sendmail")
	script := "#!/bin/sh\nprintf '%s' \"$*\" > \"" + dir + "/args\"\ncat > \"" + dir + "/message\"\n" + tail + "\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSendmail_PipesTheMessage(t *testing.T) {
	dir := t.TempDir()
	path := fakeSendmail(t, dir, "exit 0")
	m := &monomail.Message{
		From:    stdmail.Address{Name: "Acme", Address: "no-reply@acme.test"},
		To:      []stdmail.Address{{Address: "ana@acme.test"}},
		Subject: "Reset your password",
		HTML:    "<p>Hello</p>\n.\n<p>still here</p>",
	}
	if err := (&monomail.Sendmail{Path: path}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	raw, _ := os.ReadFile(filepath.Join(dir, "message"))
	if string(args) != "-t -i" {
		t.Fatalf("args %q", args)
	}
	msg, err := stdmail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("To") != "<ana@acme.test>" || msg.Header.Get("Subject") != "Reset your password" || !strings.Contains(msg.Header.Get("From"), "no-reply@acme.test") {
		t.Fatalf("headers %v", msg.Header)
	}

	t.Run("a refusal carries the program's words", func(t *testing.T) {
		failing := fakeSendmail(t, t.TempDir(), "echo 'recipient rejected' >&2; exit 75")
		err := (&monomail.Sendmail{Path: failing}).Send(context.Background(), m)
		if err == nil || !strings.Contains(err.Error(), "recipient rejected") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("an invalid message is not piped", func(t *testing.T) {
		bad := *m
		bad.To = []stdmail.Address{{Address: "a@b.test\r\nBcc: everyone@x.test"}}
		if err := (&monomail.Sendmail{Path: path}).Send(context.Background(), &bad); err == nil {
			t.Fatal("a header injection was piped")
		}
	})
}

func TestFindSendmail_LooksOnThePathFirst(t *testing.T) {
	dir := t.TempDir()
	path := fakeSendmail(t, dir, "exit 0")
	t.Setenv("PATH", dir)
	if got, err := monomail.FindSendmail(); err != nil || got != path {
		t.Fatalf("%q %v", got, err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := os.Stat("/usr/sbin/sendmail"); err == nil {
		t.Skip("this machine has /usr/sbin/sendmail")
	}
	if _, err := os.Stat("/usr/bin/sendmail"); err == nil {
		t.Skip("this machine has /usr/bin/sendmail")
	}
	if _, err := monomail.FindSendmail(); !errors.Is(err, monomail.ErrNoSendmail) {
		t.Fatalf("err %v", err)
	}
}
