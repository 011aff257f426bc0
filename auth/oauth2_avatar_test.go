package auth

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDownloadAvatar(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(png) }))
	t.Cleanup(elsewhere.Close)
	fp := newFakeProvider(t, "v", nil)
	serve := func(w http.ResponseWriter, _ *http.Request) { w.Write(png) }
	fp.routes["/avatars/ada.png"], fp.routes["/"] = serve, serve
	fp.routes["/chunked.png"] = func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // no Content-Length
		w.Write(png)
	}
	fp.routes["/to-elsewhere"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/x.png", http.StatusFound)
	}
	fp.routes["/to-file"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	}
	c := mustClient(t, DefaultOAuth2Registry(), fp.config("gitea"))
	ctx := context.Background()

	a, err := c.DownloadAvatar(ctx, fp.URL+"/avatars/ada.png?s=200", 1000)
	if err != nil || a.Name != "ada.png" || !bytes.Equal(a.Data, png) {
		t.Fatalf("the provider's own host: %+v %v", a, err)
	}
	if a, err := c.DownloadAvatar(ctx, fp.URL+"/", 1000); err != nil || a.Name != "avatar" {
		t.Fatalf("a URL without a name: %+v %v", a, err)
	}
	for name, tc := range map[string]struct {
		url     string
		max     int64
		wantErr string
	}{
		"another loopback server":               {elsewhere.URL + "/x.png", 1000, "not a public address"},
		"a redirect to another loopback server": {fp.URL + "/to-elsewhere", 1000, "not a public address"},
		"a redirect to a file":                  {fp.URL + "/to-file", 1000, "redirect"},
		"a file URL":                            {"file:///etc/passwd", 1000, "not an http(s) URL"},
		"a missing avatar":                      {fp.URL + "/nope.png", 1000, "status 404"},
		"over the limit":                        {fp.URL + "/avatars/ada.png", 50, ErrAvatarTooLarge.Error()},
		"over the limit, without a length":      {fp.URL + "/chunked.png", 50, ErrAvatarTooLarge.Error()},
	} {
		if a, err := c.DownloadAvatar(ctx, tc.url, tc.max); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: %+v %v", name, a, err)
		}
	}
	if _, err := c.DownloadAvatar(ctx, fp.URL+"/chunked.png", int64(len(png))); err != nil {
		t.Fatalf("exactly at the limit: %v", err)
	}
	if _, err := c.DownloadAvatar(ctx, fp.URL+"/avatars/ada.png", 50); !errors.Is(err, ErrAvatarTooLarge) {
		t.Fatalf("not ErrAvatarTooLarge: %v", err)
	}
}

func TestIsPublicIP(t *testing.T) {
	for ip, want := range map[string]bool{
		"8.8.8.8": true, "2606:4700::1111": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "192.168.0.1": false, "172.16.0.1": false,
		"169.254.169.254": false, "fe80::1": false, "0.0.0.0": false, "224.0.0.1": false, "fd00::1": false,
	} {
		if got := isPublicIP(net.ParseIP(ip)); got != want {
			t.Errorf("%s: %v", ip, got)
		}
	}
}
