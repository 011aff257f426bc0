package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one e-mail with an HTML body; the plain-text alternative is
// derived from it when Text is empty.
type Message struct {
	From    mail.Address
	To      []mail.Address
	Subject string
	HTML    string
	Text    string
}

// Validate reports a message no server would accept.
func (m *Message) Validate() error {
	if m.From.Address == "" {
		return errors.New("mail: no sender address")
	}
	if len(m.To) == 0 {
		return errors.New("mail: no recipient")
	}
	for _, a := range append([]mail.Address{m.From}, m.To...) {
		if strings.ContainsAny(a.Address, "\r\n<>") {
			return fmt.Errorf("mail: invalid address %q", a.Address)
		}
	}
	return nil
}

// Bytes renders m as an RFC 5322 message: multipart/alternative with a
// quoted-printable text part and HTML part.
func (m *Message) Bytes(now time.Time) []byte {
	var b bytes.Buffer
	boundary := randomHex(12)
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", m.From.String())
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+randomHex(16)+"@"+domainOf(m.From.Address)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	text := m.Text
	if text == "" {
		text = HTMLToText(m.HTML)
	}
	part := func(contentType, body string) {
		b.WriteString("--" + boundary + "\r\n")
		header("Content-Type", contentType+"; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		w := quotedprintable.NewWriter(&b)
		_, _ = w.Write([]byte(body))
		_ = w.Close()
		b.WriteString("\r\n")
	}
	part("text/plain", text)
	part("text/html", m.HTML)
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes()
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
