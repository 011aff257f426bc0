// Package mailtest runs a real SMTP server on 127.0.0.1 that keeps what it
// receives, for tests of the mail flows.
package mailtest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"
)

// Message is one received e-mail, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
	Raw     []byte
}

// Server is an SMTP sink.
type Server struct {
	ln   net.Listener
	mu   sync.Mutex
	user string // required credentials (RequireAuth); "" = none
	pass string
	msgs []Message
	cond *sync.Cond
}

// Start listens on a free port of 127.0.0.1.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln}
	s.cond = sync.NewCond(&s.mu)
	go s.serve()
	return s, nil
}

// RequireAuth makes later sessions authenticate (AUTH PLAIN or LOGIN)
// with these credentials before sending.
func (s *Server) RequireAuth(user, pass string) {
	s.mu.Lock()
	s.user, s.pass = user, pass
	s.mu.Unlock()
}

func (s *Server) credentials() (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user, s.pass
}

// Host and Port are where the server listens.
func (s *Server) Host() string { return "127.0.0.1" }
func (s *Server) Port() int    { return s.ln.Addr().(*net.TCPAddr).Port }

// Close stops the server.
func (s *Server) Close() error { return s.ln.Close() }

// Messages returns what arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns the first message (in arrival order) sent to addr, waiting
// up to timeout for it.
func (s *Server) Wait(addr string, timeout time.Duration) (Message, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() { s.mu.Lock(); s.cond.Broadcast(); s.mu.Unlock() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for _, m := range s.msgs {
			for _, to := range m.To {
				if strings.EqualFold(to, addr) {
					return m, nil
				}
			}
		}
		if time.Now().After(deadline) {
			return Message{}, fmt.Errorf("mailtest: no message to %s within %s", addr, timeout)
		}
		s.cond.Wait()
	}
}

// Take is Wait that also forgets the message, so the next Wait for addr
// sees the next one.
func (s *Server) Take(addr string, timeout time.Duration) (Message, error) {
	m, err := s.Wait(addr, timeout)
	if err != nil {
		return m, err
	}
	s.mu.Lock()
	for i := range s.msgs {
		if bytes.Equal(s.msgs[i].Raw, m.Raw) {
			s.msgs = append(s.msgs[:i], s.msgs[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	return m, nil
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

// session speaks just enough SMTP for net/smtp clients.
func (s *Server) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(c)
	reply := func(line string) { fmt.Fprintf(c, "%s\r\n", line) }
	readLine := func() (string, bool) {
		l, err := r.ReadString('\n')
		return strings.TrimRight(l, "\r\n"), err == nil
	}
	reply("220 mailtest ready")
	user, pass := s.credentials()
	authed := user == ""
	var from string
	var to []string
	for {
		line, ok := readLine()
		if !ok {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250-mailtest")
			reply("250 AUTH PLAIN LOGIN")
		case "AUTH":
			authed = auth(user, pass, arg, readLine, reply)
		case "MAIL":
			if !authed {
				reply("530 authentication required")
				continue
			}
			from, to = addrArg(arg), nil
			reply("250 OK")
		case "RCPT":
			to = append(to, addrArg(arg))
			reply("250 OK")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			data, ok := readData(r)
			if !ok {
				return
			}
			s.keep(from, to, data)
			reply("250 OK queued")
		case "RSET", "NOOP":
			reply("250 OK")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func auth(wantUser, wantPass, arg string, readLine func() (string, bool), reply func(string)) bool {
	mech, initial, _ := strings.Cut(arg, " ")
	var user, pass string
	switch strings.ToUpper(mech) {
	case "PLAIN":
		raw, _ := decode64(initial)
		parts := strings.Split(raw, "\x00")
		if len(parts) == 3 {
			user, pass = parts[1], parts[2]
		}
	case "LOGIN":
		reply("334 " + encode64("Username:"))
		l, _ := readLine()
		user, _ = decode64(l)
		reply("334 " + encode64("Password:"))
		l, _ = readLine()
		pass, _ = decode64(l)
	default:
		reply("504 unknown mechanism")
		return false
	}
	if user != wantUser || pass != wantPass {
		reply("535 authentication failed")
		return false
	}
	reply("235 authenticated")
	return true
}

func addrArg(arg string) string {
	if i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>'); i >= 0 && j > i {
		return arg[i+1 : j]
	}
	return arg
}

// readData reads a DATA body up to the lone dot, undoing dot-stuffing.
func readData(r *bufio.Reader) ([]byte, bool) {
	var b bytes.Buffer
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			return nil, false
		}
		if l == ".\r\n" || l == ".\n" {
			return b.Bytes(), true
		}
		b.WriteString(strings.TrimPrefix(l, "."))
	}
}

func (s *Server) keep(from string, to []string, raw []byte) {
	m := Message{From: from, To: to, Raw: raw}
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		m.Text, m.HTML = bodies(msg)
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.cond.Broadcast()
	s.mu.Unlock()
}

// bodies decodes the text and HTML parts of msg.
func bodies(msg *mail.Message) (text, html string) {
	mediaType, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if !strings.HasPrefix(mediaType, "multipart/") {
		b, _ := io.ReadAll(decoder(msg.Header.Get("Content-Transfer-Encoding"), msg.Body))
		return string(b), ""
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			return text, html
		}
		b, _ := io.ReadAll(decoder(p.Header.Get("Content-Transfer-Encoding"), p))
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(b)
		} else {
			text = string(b)
		}
	}
}

func decoder(encoding string, r io.Reader) io.Reader {
	if strings.EqualFold(encoding, "quoted-printable") {
		return quotedprintable.NewReader(r)
	}
	return r
}
