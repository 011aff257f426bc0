package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"syscall"
	"time"
)

// AvatarTimeout bounds an avatar download, as PocketBase's.
const AvatarTimeout = 10 * time.Second

// maxAvatarRedirects bounds the redirects an avatar download follows.
const maxAvatarRedirects = 5

// ErrAvatarTooLarge means an avatar larger than its file field allows.
var ErrAvatarTooLarge = errors.New("the avatar is larger than the field allows")

// Avatar is a downloaded avatar: the last step of its URL's path as its
// name, and its content.
type Avatar struct {
	Name string
	Data []byte
}

// DownloadAvatar fetches the user's avatar for a file field that takes at
// most maxBytes. Like PocketBase, it refuses to connect to loopback,
// private, link-local and multicast addresses (the URL comes from the
// provider's answer, which a user may shape), checked on every connection,
// redirects and DNS rebinding included; unlike PocketBase, the provider's
// own hosts (its configured endpoints) are allowed whatever their address,
// so a provider on the local network (a self-hosted Gitea) can serve its
// avatars. Only http(s) URLs are followed, at most 5 redirects.
func (c *OAuth2Client) DownloadAvatar(ctx context.Context, rawURL string, maxBytes int64) (*Avatar, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("avatar: not an http(s) URL: %q", rawURL)
	}
	ctx, cancel := context.WithTimeout(ctx, AvatarTimeout)
	defer cancel()
	client := c.reg.Avatars
	if client == nil {
		client = publicOnlyClient(c.providerAddrs(ctx))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("avatar: %w", err)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("avatar: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, fmt.Errorf("avatar: %w", &StatusError{Path: u.Path, Status: res.StatusCode})
	}
	if res.ContentLength > maxBytes {
		return nil, ErrAvatarTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("avatar: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, ErrAvatarTooLarge
	}
	name := path.Base(u.Path)
	if name == "/" || name == "." {
		name = "avatar"
	}
	return &Avatar{Name: name, Data: data}, nil
}

// providerAddrs are the ip:port addresses of the provider's endpoints.
func (c *OAuth2Client) providerAddrs(ctx context.Context) map[string]bool {
	addrs := map[string]bool{}
	for _, raw := range []string{c.cfg.Endpoint.AuthURL, c.cfg.Endpoint.TokenURL, c.userInfoURL, c.jwksURL} {
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			continue
		}
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		ips, err := net.DefaultResolver.LookupIPAddr(ctx, u.Hostname())
		if err != nil {
			continue
		}
		for _, ip := range ips {
			addrs[net.JoinHostPort(ip.IP.String(), port)] = true
		}
	}
	return addrs
}

// publicOnlyClient connects only to public addresses, and to allowed.
func publicOnlyClient(allowed map[string]bool) *http.Client {
	dialer := &net.Dialer{
		Timeout: AvatarTimeout,
		// checked once connected to the resolved address: a name that
		// resolves to a public address, then to a private one, is caught
		Control: func(_, address string, _ syscall.RawConn) error {
			host, port, err := net.SplitHostPort(address)
			ip := net.ParseIP(host)
			if err != nil || ip == nil {
				return fmt.Errorf("avatar: bad address %q", address)
			}
			if allowed[net.JoinHostPort(ip.String(), port)] || isPublicIP(ip) {
				return nil
			}
			return fmt.Errorf("avatar: %s is not a public address", address)
		},
	}
	return &http.Client{
		Transport: &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true,
			TLSHandshakeTimeout: AvatarTimeout, ResponseHeaderTimeout: AvatarTimeout}, // no proxy: the address checked is the one reached
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxAvatarRedirects {
				return errors.New("avatar: too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("avatar: redirect to %q", req.URL.Scheme)
			}
			return nil
		},
	}
}

func isPublicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsUnspecified() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast())
}
