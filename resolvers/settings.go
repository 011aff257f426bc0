package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"sync"

	"github.com/monobase/monobase/schema"
)

// settingsParam is the _params key the settings are stored under, as in
// PocketBase.
const settingsParam = "settings"

// Settings are the application settings monobase has, in PocketBase's
// JSON shape (a subset of its keys: the ones monobase uses).
type Settings struct {
	Meta  MetaSettings  `json:"meta"`
	SMTP  SMTPSettings  `json:"smtp"`
	S3    S3Settings    `json:"s3"`
	Batch BatchSettings `json:"batch"`
	// Backups: settings_backups.go
	Backups BackupsSettings `json:"backups"`
}

// MetaSettings describe the application.
type MetaSettings struct {
	AppName       string `json:"appName"`
	AppURL        string `json:"appURL"`
	SenderName    string `json:"senderName"`
	SenderAddress string `json:"senderAddress"`
	HideControls  bool   `json:"hideControls"`
}

// SMTPSettings configure outgoing mail. Password is write-only: it is
// stored but never returned.
type SMTPSettings struct {
	Enabled    bool   `json:"enabled"`
	Port       int    `json:"port"`
	Host       string `json:"host"`
	Username   string `json:"username"`
	Password   string `json:"password,omitempty"`
	AuthMethod string `json:"authMethod"`
	TLS        bool   `json:"tls"`
	LocalName  string `json:"localName"`
}

// BatchSettings govern POST /api/batch.
type BatchSettings struct {
	// Enabled switches the batch route on (off by default, as in PocketBase).
	Enabled bool `json:"enabled"`
	// MaxRequests is the most sub-requests one batch may hold.
	MaxRequests int `json:"maxRequests"`
	// Timeout is how long, in seconds, one batch may run (0 = 3).
	Timeout int64 `json:"timeout"`
	// MaxBodySize caps the batch body in bytes (0 = 128 MiB).
	MaxBodySize int64 `json:"maxBodySize"`
}

// defaultAppURL is PocketBase's placeholder for meta.appURL; while it is
// unchanged the app URL counts as not set (file URLs stay relative).
const defaultAppURL = "http://localhost:8090"

// DefaultSettings are PocketBase's defaults for the keys monobase has.
func DefaultSettings() Settings {
	return Settings{
		Meta:  MetaSettings{AppName: "Acme", AppURL: defaultAppURL, SenderName: "Support", SenderAddress: "support@example.com"},
		SMTP:  SMTPSettings{Host: "smtp.example.com", Port: 587},
		Batch: BatchSettings{MaxRequests: 50, Timeout: 3},

		Backups: BackupsSettings{CronMaxKeep: defaultCronMaxKeep},
	}
}

// Redacted returns a copy without secrets, for responses.
func (st Settings) Redacted() Settings {
	st.SMTP.Password = ""
	st.S3.Secret = ""
	st.Backups.S3.Secret = ""
	return st
}

// settingsCache keeps the current settings in memory: batch reads them on
// every request.
type settingsCache struct {
	mu     sync.RWMutex
	loaded bool
	cur    Settings
}

// Settings returns the current settings (secrets included: callers that
// answer clients use Redacted). They are read from the database once and
// then served from memory.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	s.settings.mu.RLock()
	if s.settings.loaded {
		cur := s.settings.cur
		s.settings.mu.RUnlock()
		return cur, nil
	}
	s.settings.mu.RUnlock()
	s.settings.mu.Lock()
	defer s.settings.mu.Unlock()
	if s.settings.loaded {
		return s.settings.cur, nil
	}
	cur := DefaultSettings()
	if _, err := s.store.LoadParam(ctx, settingsParam, &cur); err != nil {
		return Settings{}, internal(fmt.Errorf("load settings: %w", err))
	}
	s.settings.cur, s.settings.loaded = cur, true
	return cur, nil
}

// GetSettings returns the settings for a superuser, secrets removed.
func (s *Service) GetSettings(ctx context.Context) (Settings, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return Settings{}, err
	}
	st, err := s.Settings(ctx)
	return st.Redacted(), err
}

// UpdateSettings merges the JSON object patch into the settings (keys
// monobase does not have are ignored), validates, persists and returns them
// redacted. A missing smtp.password or s3.secret keeps the stored one.
func (s *Service) UpdateSettings(ctx context.Context, patch []byte) (Settings, error) {
	if err := RequireSuperuser(ctx); err != nil {
		return Settings{}, err
	}
	cur, err := s.Settings(ctx)
	if err != nil {
		return Settings{}, err
	}
	next := cur
	if len(strings.TrimSpace(string(patch))) > 0 {
		if err := json.Unmarshal(patch, &next); err != nil {
			return Settings{}, settingsBindError(err)
		}
	}
	if errs := next.Validate(); len(errs) > 0 {
		return Settings{}, Invalid("An error occurred while submitting the form.", errs)
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		tx := txFrom(ctx)
		if err := tx.SaveParam(ctx, settingsParam, next); err != nil {
			return internal(err)
		}
		tx.OnCommit(func() { s.setSettings(next); s.scheduleBackups(next) })
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	return next.Redacted(), nil
}

func (s *Service) setSettings(st Settings) {
	s.settings.mu.Lock()
	s.settings.cur, s.settings.loaded = st, true
	s.settings.mu.Unlock()
}

// settingsBindError reports a body that does not decode into the settings
// (a wrong type for a key) as a field error on that key.
func settingsBindError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		errs := schema.ValidationErrors{}
		parts := strings.Split(te.Field, ".")
		node := errs
		for _, p := range parts[:len(parts)-1] {
			child := schema.ValidationErrors{}
			node[p] = child
			node = child
		}
		node[parts[len(parts)-1]] = &schema.FieldError{Code: "validation_invalid_value", Message: "Invalid value type."}
		return Invalid("An error occurred while submitting the form.", errs)
	}
	return BadRequest("Failed to read the request body: expected a settings object.", err)
}

// Validate checks the settings as PocketBase does; the result maps
// "meta.appName"-style paths (nested) to field errors.
func (st Settings) Validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if e := st.Meta.validate(); len(e) > 0 {
		errs["meta"] = e
	}
	if e := st.SMTP.validate(); len(e) > 0 {
		errs["smtp"] = e
	}
	if e := st.S3.validate(); len(e) > 0 {
		errs["s3"] = e
	}
	if e := st.Batch.validate(); len(e) > 0 {
		errs["batch"] = e
	}
	if e := st.Backups.validate(); len(e) > 0 {
		errs["backups"] = e
	}
	return errs
}

func (m MetaSettings) validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	requireLen(errs, "appName", m.AppName, 255)
	requireLen(errs, "senderName", m.SenderName, 255)
	if requireLen(errs, "appURL", m.AppURL, 2048) {
		if u, err := url.Parse(m.AppURL); err != nil || u.Scheme == "" || u.Host == "" {
			errs["appURL"] = &schema.FieldError{Code: "validation_is_url", Message: "Must be a valid URL."}
		}
	}
	if requireLen(errs, "senderAddress", m.SenderAddress, 255) {
		if a, err := mail.ParseAddress(m.SenderAddress); err != nil || a.Address != m.SenderAddress {
			errs["senderAddress"] = &schema.FieldError{Code: "validation_is_email", Message: "Must be a valid email address."}
		}
	}
	return errs
}

func (m SMTPSettings) validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if m.Enabled {
		requireLen(errs, "host", m.Host, 255)
		if m.Port == 0 {
			errs["port"] = required()
		}
	}
	if m.Port < 0 || m.Port > 65535 {
		errs["port"] = &schema.FieldError{Code: "validation_out_of_range", Message: "Must be between 1 and 65535.", Params: map[string]any{"min": 1, "max": 65535}}
	}
	switch m.AuthMethod {
	case "", "PLAIN", "LOGIN":
	default:
		errs["authMethod"] = &schema.FieldError{Code: "validation_in_invalid", Message: "Must be a valid value."}
	}
	return errs
}

func (b BatchSettings) validate() schema.ValidationErrors {
	errs := schema.ValidationErrors{}
	if b.Enabled && b.MaxRequests == 0 {
		errs["maxRequests"] = required()
	}
	if b.Enabled && b.Timeout == 0 {
		errs["timeout"] = required()
	}
	nonNegative(errs, "maxRequests", int64(b.MaxRequests))
	nonNegative(errs, "timeout", b.Timeout)
	nonNegative(errs, "maxBodySize", b.MaxBodySize)
	return errs
}

// requireLen records a required or too-long error; it reports whether the
// value passed both checks.
func requireLen(errs schema.ValidationErrors, key, v string, max int) bool {
	switch {
	case strings.TrimSpace(v) == "":
		errs[key] = required()
	case len(v) > max:
		errs[key] = &schema.FieldError{Code: "validation_length_too_long", Message: fmt.Sprintf("The length must be no more than %d.", max), Params: map[string]any{"max": max}}
	default:
		return true
	}
	return false
}

func nonNegative(errs schema.ValidationErrors, key string, v int64) {
	if v < 0 {
		errs[key] = &schema.FieldError{Code: "validation_min_greater_equal_than_required", Message: "Must be no less than 0.", Params: map[string]any{"threshold": 0}}
	}
}
