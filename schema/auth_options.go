package schema

// AuthOptions are the top-level keys only auth collections have.
type AuthOptions struct {
	AuthRule           *string       `json:"authRule"`
	ManageRule         *string       `json:"manageRule"`
	AuthAlert          AuthAlert     `json:"authAlert"`
	PasswordAuth       PasswordAuth  `json:"passwordAuth"`
	OAuth2             OAuth2Options `json:"oauth2"`
	MFA                MFAOptions    `json:"mfa"`
	OTP                OTPOptions    `json:"otp"`
	AuthToken          TokenConfig   `json:"authToken"`
	PasswordResetToken TokenConfig   `json:"passwordResetToken"`
	EmailChangeToken   TokenConfig   `json:"emailChangeToken"`
	VerificationToken  TokenConfig   `json:"verificationToken"`
	FileToken          TokenConfig   `json:"fileToken"`

	VerificationTemplate       EmailTemplate `json:"verificationTemplate"`
	ResetPasswordTemplate      EmailTemplate `json:"resetPasswordTemplate"`
	ConfirmEmailChangeTemplate EmailTemplate `json:"confirmEmailChangeTemplate"`
}

// AuthAlert configures new-device login e-mails.
type AuthAlert struct {
	Enabled       bool          `json:"enabled"`
	EmailTemplate EmailTemplate `json:"emailTemplate"`
}

// EmailTemplate is a subject and HTML body with {PLACEHOLDERS}.
type EmailTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// PasswordAuth configures identity+password sign-in.
type PasswordAuth struct {
	Enabled        bool     `json:"enabled"`
	IdentityFields []string `json:"identityFields"`
}

// OAuth2Options configures OAuth2 sign-in.
type OAuth2Options struct {
	Enabled      bool              `json:"enabled"`
	Providers    []OAuth2Provider  `json:"providers"`
	MappedFields map[string]string `json:"mappedFields"`
}

// OAuth2Provider is one configured provider; ClientSecret is never returned
// to clients.
type OAuth2Provider struct {
	Name         string         `json:"name"`
	ClientID     string         `json:"clientId"`
	ClientSecret string         `json:"clientSecret,omitempty"`
	AuthURL      string         `json:"authURL"`
	TokenURL     string         `json:"tokenURL"`
	UserInfoURL  string         `json:"userInfoURL"`
	DisplayName  string         `json:"displayName"`
	PKCE         *bool          `json:"pkce"`
	Extra        map[string]any `json:"extra"`
}

// MFAOptions configures multi-factor authentication.
type MFAOptions struct {
	Enabled  bool   `json:"enabled"`
	Duration int64  `json:"duration"`
	Rule     string `json:"rule"`
}

// OTPOptions configures one-time-password sign-in.
type OTPOptions struct {
	Enabled       bool          `json:"enabled"`
	Duration      int64         `json:"duration"`
	Length        int           `json:"length"`
	EmailTemplate EmailTemplate `json:"emailTemplate"`
}

// TokenConfig is the lifetime (seconds) and signing secret of one token
// type. The secret is never sent to clients.
type TokenConfig struct {
	Duration int64  `json:"duration"`
	Secret   string `json:"secret,omitempty"`
}

// DefaultAuthOptions returns PocketBase's defaults with fresh secrets from
// newSecret.
func DefaultAuthOptions(newSecret func() string) *AuthOptions {
	empty := ""
	return &AuthOptions{
		AuthRule:           &empty,
		AuthAlert:          AuthAlert{Enabled: true},
		PasswordAuth:       PasswordAuth{Enabled: true, IdentityFields: []string{"email"}},
		OAuth2:             OAuth2Options{Providers: []OAuth2Provider{}, MappedFields: map[string]string{"id": "", "name": "", "username": "", "avatarURL": ""}},
		MFA:                MFAOptions{Duration: 600},
		OTP:                OTPOptions{Duration: 180, Length: 8},
		AuthToken:          TokenConfig{Duration: 432000, Secret: newSecret()},
		PasswordResetToken: TokenConfig{Duration: 1800, Secret: newSecret()},
		EmailChangeToken:   TokenConfig{Duration: 1800, Secret: newSecret()},
		VerificationToken:  TokenConfig{Duration: 86400, Secret: newSecret()},
		FileToken:          TokenConfig{Duration: 180, Secret: newSecret()},
	}
}

// FillDefaults gives every token config without a secret a new one, and
// every zero duration and empty e-mail template its default.
func (o *AuthOptions) FillDefaults(newSecret func() string) {
	o.FillTemplates()
	def := DefaultAuthOptions(func() string { return "" })
	for _, p := range []struct{ cfg, def *TokenConfig }{
		{&o.AuthToken, &def.AuthToken}, {&o.PasswordResetToken, &def.PasswordResetToken},
		{&o.EmailChangeToken, &def.EmailChangeToken}, {&o.VerificationToken, &def.VerificationToken},
		{&o.FileToken, &def.FileToken},
	} {
		if p.cfg.Secret == "" {
			p.cfg.Secret = newSecret()
		}
		if p.cfg.Duration <= 0 {
			p.cfg.Duration = p.def.Duration
		}
	}
	if o.OTP.Duration <= 0 {
		o.OTP.Duration = def.OTP.Duration
	}
	if o.OTP.Length <= 0 {
		o.OTP.Length = def.OTP.Length
	}
	if o.MFA.Duration <= 0 {
		o.MFA.Duration = def.MFA.Duration
	}
}

// KeepSecrets copies the secrets of old into o where o has none, so that a
// client PATCH (which never sees secrets) does not drop them.
func (o *AuthOptions) KeepSecrets(old *AuthOptions) {
	if old == nil {
		return
	}
	pairs := []struct{ dst, src *TokenConfig }{
		{&o.AuthToken, &old.AuthToken}, {&o.PasswordResetToken, &old.PasswordResetToken},
		{&o.EmailChangeToken, &old.EmailChangeToken}, {&o.VerificationToken, &old.VerificationToken},
		{&o.FileToken, &old.FileToken},
	}
	for _, p := range pairs {
		if p.dst.Secret == "" {
			p.dst.Secret = p.src.Secret
		}
	}
	for i := range o.OAuth2.Providers {
		if o.OAuth2.Providers[i].ClientSecret != "" {
			continue
		}
		for _, op := range old.OAuth2.Providers {
			if op.Name == o.OAuth2.Providers[i].Name {
				o.OAuth2.Providers[i].ClientSecret = op.ClientSecret
			}
		}
	}
}

func (o *AuthOptions) redactSecrets() {
	for _, t := range []*TokenConfig{&o.AuthToken, &o.PasswordResetToken, &o.EmailChangeToken, &o.VerificationToken, &o.FileToken} {
		t.Secret = ""
	}
	for i := range o.OAuth2.Providers {
		o.OAuth2.Providers[i].ClientSecret = ""
	}
}
