package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
)

// maxUserInfoBytes bounds what a provider may answer.
const maxUserInfoBytes = 1 << 20

// StatusError is a provider's answer with a non-2xx status.
type StatusError struct {
	Path   string
	Status int
}

func (e *StatusError) Error() string { return fmt.Sprintf("fetch %s: status %d", e.Path, e.Status) }

// GetJSON fetches rawURL with the token and decodes the JSON answer into
// out, numbers as json.Number (ids must not lose digits).
func (c *OAuth2Client) GetJSON(ctx context.Context, token *oauth2.Token, rawURL string, out any) error {
	return c.callJSON(ctx, token, http.MethodGet, rawURL, nil, out)
}

// PostGraphQL posts a GraphQL query with the token and decodes the answer
// into out (Linear's and monday.com's user info).
func (c *OAuth2Client) PostGraphQL(ctx context.Context, token *oauth2.Token, rawURL, query string, out any) error {
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		return fmt.Errorf("%s: %w", c.def.Name, err)
	}
	return c.callJSON(ctx, token, http.MethodPost, rawURL, body, out)
}

// getOptionalJSON is GetJSON for data the token may not grant (a scope
// the user refused): a 4xx answer leaves out as it is and is no error.
func (c *OAuth2Client) getOptionalJSON(ctx context.Context, token *oauth2.Token, rawURL string, out any) error {
	err := c.GetJSON(ctx, token, rawURL, out)
	if se := (*StatusError)(nil); errors.As(err, &se) && se.Status >= 400 && se.Status < 500 {
		return nil
	}
	return err
}

func (c *OAuth2Client) callJSON(ctx context.Context, token *oauth2.Token, method, rawURL string, body []byte, out any) error {
	if _, err := url.Parse(rawURL); err != nil {
		return fmt.Errorf("%s: bad URL: %w", c.def.Name, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: %w", c.def.Name, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	if c.def.ClientIDHeader != "" {
		req.Header.Set(c.def.ClientIDHeader, c.cfg.ClientID)
	}
	for k, v := range c.def.UserInfoHeaders {
		req.Header.Set(k, v)
	}
	data, err := c.reg.fetch(req)
	if err != nil {
		return fmt.Errorf("%s: %w", c.def.Name, err)
	}
	return decodeJSON(data, out, c.def.Name+": decode "+req.URL.Path)
}

// fetch sends req with the registry's client and reads a bounded answer.
func (r *OAuth2Registry) fetch(req *http.Request) ([]byte, error) {
	res, err := r.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL.Path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxUserInfoBytes))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", req.URL.Path, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, &StatusError{Path: req.URL.Path, Status: res.StatusCode}
	}
	return data, nil
}

// decodeJSON decodes data into out with numbers as json.Number.
func decodeJSON(data []byte, out any, what string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
