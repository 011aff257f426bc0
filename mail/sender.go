package mail

import (
	"context"
	"errors"
)

// Sender delivers messages. An App can bring its own (an HTTP mail API, a
// queue); by default monobase speaks SMTP as the settings say.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// ErrDisabled is returned when no way to send mail is configured.
var ErrDisabled = errors.New("mail: SMTP is not enabled in the settings")
