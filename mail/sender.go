package mail

import (
	"context"
	"errors"
)

// Sender delivers messages. An App can bring its own (an HTTP mail API, a
// queue); by default monobase speaks SMTP as the settings say, and hands
// mail to the local sendmail program while SMTP is off.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// ErrDisabled is returned when there is no way to send mail: SMTP is off
// and no sendmail program is installed.
var ErrDisabled = errors.New("mail: SMTP is not enabled in the settings and no sendmail program is installed")
