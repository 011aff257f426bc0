package mailtest

import "encoding/base64"

func encode64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func decode64(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err
}
