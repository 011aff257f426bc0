package resolvers

import (
	"context"

	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// SendTestEmail sends one of collection's auth e-mails (template:
// verification, password-reset, email-change or otp) to address, filled
// with sample values, and waits for the outcome: a superuser checking the
// SMTP settings wants to see the server's error.
func (s *Service) SendTestEmail(ctx context.Context, collection, template, address string) error {
	if err := RequireSuperuser(ctx); err != nil {
		return err
	}
	if collection == "" {
		collection = store.SuperusersName
	}
	c, err := s.authCollection(ctx, collection)
	if err != nil {
		return err
	}
	errs := schema.ValidationErrors{}
	if err := requireEmail("email", address); err != nil {
		errs["email"] = err.(*Error).Data["email"]
	}
	tpl, ok := map[string]schema.EmailTemplate{
		"verification":   c.VerificationTemplate,
		"password-reset": c.ResetPasswordTemplate,
		"email-change":   c.ConfirmEmailChangeTemplate,
		"otp":            c.OTP.EmailTemplate,
	}[template]
	if !ok {
		errs["template"] = &schema.FieldError{Code: "validation_in_invalid", Message: "Must be one of verification, password-reset, email-change, otp."}
	}
	if len(errs) > 0 {
		return Invalid(msgInvalidData, errs)
	}
	sample := &store.Record{Collection: c, Data: map[string]any{"id": "RECORD_ID", "email": address}}
	m, st, err := s.authMail(ctx, sample, address, tpl, map[string]string{"TOKEN": "SAMPLE_TOKEN", "OTP": "123456", "OTP_ID": "SAMPLE_OTP_ID"})
	if err != nil {
		return internal(err)
	}
	sender, err := s.mailer(st)
	if err != nil {
		return BadRequest("Failed to send the test email: "+err.Error()+".", err)
	}
	if err := sender.Send(ctx, m); err != nil {
		return BadRequest("Failed to send the test email: "+err.Error()+".", err)
	}
	return nil
}
