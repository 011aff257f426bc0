package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// jwk is one key of a JSON Web Key Set (RFC 7517), public parts only.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Crv string `json:"crv"`
	N   string `json:"n"`
	E   string `json:"e"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// fetchJWKS reads the key set at rawURL.
func (r *OAuth2Registry) fetchJWKS(ctx context.Context, rawURL string) ([]jwk, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	data, err := r.fetch(req)
	if err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	var set struct{ Keys []jwk }
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	return set.Keys, nil
}

// keyFor returns the public key that signs t: the key with t's kid, whose
// type (and alg, when the set names one) fits t's algorithm.
func keyFor(keys []jwk, t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	alg := t.Method.Alg()
	for _, k := range keys {
		if k.Kid != kid || (k.Use != "" && k.Use != "sig") {
			continue
		}
		if (k.Alg != "" && k.Alg != alg) || !slices.Contains(k.algorithms(), alg) {
			return nil, fmt.Errorf("key %q does not sign with %s", kid, alg)
		}
		return k.publicKey()
	}
	return nil, fmt.Errorf("no key %q in the key set", kid)
}

// algorithms are the JWS algorithms a key of this type and curve can check.
func (k jwk) algorithms() []string {
	switch k.Kty {
	case "RSA":
		return []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case "EC":
		return map[string][]string{"P-256": {"ES256"}, "P-384": {"ES384"}, "P-521": {"ES512"}}[k.Crv]
	case "OKP":
		if k.Crv == "Ed25519" {
			return []string{"EdDSA"}
		}
	}
	return nil
}

func (k jwk) publicKey() (any, error) {
	switch k.Kty {
	case "RSA":
		n, err1 := b64(k.N)
		e, err2 := b64(k.E)
		if err := errors.Join(err1, err2); err != nil || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("bad RSA key %q", k.Kid)
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case "EC":
		curve := map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}[k.Crv]
		x, err1 := b64(k.X)
		y, err2 := b64(k.Y)
		if curve == nil || errors.Join(err1, err2) != nil {
			return nil, fmt.Errorf("bad EC key %q", k.Kid)
		}
		size := (curve.Params().BitSize + 7) / 8
		point := append([]byte{4}, append(pad(x, size), pad(y, size)...)...)
		return ecdsa.ParseUncompressedPublicKey(curve, point)
	case "OKP":
		x, err := b64(k.X)
		if err != nil || k.Crv != "Ed25519" || len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("bad OKP key %q", k.Kid)
		}
		return ed25519.PublicKey(x), nil
	}
	return nil, fmt.Errorf("unsupported key type %q", k.Kty)
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// pad left-pads b with zeros to n bytes (coordinates may lose leading zeros).
func pad(b []byte, n int) []byte {
	if len(b) >= n {
		return b
	}
	return append(make([]byte, n-len(b)), b...)
}
