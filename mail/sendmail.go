package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Sendmail hands messages to the local sendmail program (`sendmail -t
// -i`: recipients from the headers, a lone "." line is text), which
// Postfix, Exim, OpenSMTPD, msmtp and nullmailer all install. monobase
// uses it, as PocketBase does, while SMTP is not enabled.
type Sendmail struct {
	// Path is the program; "" = FindSendmail at each send.
	Path string
	// Timeout bounds one delivery (default 30 s).
	Timeout time.Duration
}

var _ Sender = (*Sendmail)(nil)

// ErrNoSendmail means no sendmail program is installed.
var ErrNoSendmail = errors.New("mail: no sendmail program is installed")

// sendmailPlaces are where FindSendmail looks after the PATH.
var sendmailPlaces = []string{"/usr/sbin/sendmail", "/usr/bin/sendmail"}

// FindSendmail returns the sendmail program: the first "sendmail" on the
// PATH, else /usr/sbin/sendmail, else /usr/bin/sendmail (daemons often run
// with a PATH without sbin).
func FindSendmail() (string, error) {
	for _, p := range append([]string{"sendmail"}, sendmailPlaces...) {
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", ErrNoSendmail
}

// maxSendmailOutput bounds what is kept of the program's complaints.
const maxSendmailOutput = 4 << 10

// Send pipes m to the program and waits for it to accept the message.
func (s *Sendmail) Send(ctx context.Context, m *Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	path := s.Path
	if path == "" {
		var err error
		if path, err = FindSendmail(); err != nil {
			return err
		}
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-t", "-i")
	cmd.Stdin = bytes.NewReader(m.Bytes(time.Now()))
	out := &cappedBuffer{max: maxSendmailOutput}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("mail: %s: %w: %s", path, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// cappedBuffer keeps the first max bytes written to it.
type cappedBuffer struct {
	bytes.Buffer
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
