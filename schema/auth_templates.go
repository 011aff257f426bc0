package schema

// The e-mails of the auth flows. Placeholders: {APP_NAME}, {APP_URL},
// {TOKEN}, {OTP}, {OTP_ID} and {RECORD:<field>}. The default links open the
// confirmation pages monobase serves under /_/; an app with its own pages
// points the templates there instead.
const (
	mailGreeting = "<p>Hello,</p>\n"
	mailSignoff  = "<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>"
)

func mailButton(href, label string) string {
	return "<p>\n  <a class=\"btn\" href=\"" + href + "\" target=\"_blank\" rel=\"noopener\">" + label + "</a>\n</p>\n"
}

// DefaultVerificationTemplate asks a new user to confirm their address.
var DefaultVerificationTemplate = EmailTemplate{
	Subject: "Verify your {APP_NAME} email",
	Body: mailGreeting +
		"<p>Thank you for joining us at {APP_NAME}.</p>\n<p>Click on the button below to verify your email address.</p>\n" +
		mailButton("{APP_URL}/_/#/auth/confirm-verification/{TOKEN}", "Verify") + mailSignoff,
}

// DefaultResetPasswordTemplate carries a password reset link.
var DefaultResetPasswordTemplate = EmailTemplate{
	Subject: "Reset your {APP_NAME} password",
	Body: mailGreeting +
		"<p>Click on the button below to reset your password.</p>\n" +
		mailButton("{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}", "Reset password") +
		"<p><i>If you didn't ask to reset your password, you can ignore this email.</i></p>\n" + mailSignoff,
}

// DefaultConfirmEmailChangeTemplate goes to the new address of an e-mail change.
var DefaultConfirmEmailChangeTemplate = EmailTemplate{
	Subject: "Confirm your {APP_NAME} new email address",
	Body: mailGreeting +
		"<p>Click on the button below to confirm your new email address.</p>\n" +
		mailButton("{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}", "Confirm new email") +
		"<p><i>If you didn't ask to change your email address, you can ignore this email.</i></p>\n" + mailSignoff,
}

// DefaultOTPTemplate carries a one-time password.
var DefaultOTPTemplate = EmailTemplate{
	Subject: "OTP for {APP_NAME}",
	Body: mailGreeting +
		"<p>Your one-time password is: <strong>{OTP}</strong></p>\n" +
		"<p><i>If you didn't ask for the one-time password, you can ignore this email.</i></p>\n" + mailSignoff,
}

// DefaultAuthAlertTemplate tells a user of a sign-in from a new device.
var DefaultAuthAlertTemplate = EmailTemplate{
	Subject: "Login from a new location",
	Body: mailGreeting +
		"<p>We noticed a login to your {APP_NAME} account from a new location:</p>\n<p><em>{ALERT_INFO}</em></p>\n" +
		"<p><strong>If this wasn't you, you should immediately change your {APP_NAME} account password to revoke access from all other locations.</strong></p>\n" +
		"<p>If this was you, you may disregard this email.</p>\n" + mailSignoff,
}

// FillTemplates gives every empty template its default (collections saved
// before templates existed get them on load).
func (o *AuthOptions) FillTemplates() {
	for _, p := range []struct{ tpl, def *EmailTemplate }{
		{&o.VerificationTemplate, &DefaultVerificationTemplate},
		{&o.ResetPasswordTemplate, &DefaultResetPasswordTemplate},
		{&o.ConfirmEmailChangeTemplate, &DefaultConfirmEmailChangeTemplate},
		{&o.OTP.EmailTemplate, &DefaultOTPTemplate},
		{&o.AuthAlert.EmailTemplate, &DefaultAuthAlertTemplate},
	} {
		if p.tpl.Subject == "" {
			p.tpl.Subject = p.def.Subject
		}
		if p.tpl.Body == "" {
			p.tpl.Body = p.def.Body
		}
	}
}
