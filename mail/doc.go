// Package mail sends the e-mails monobase writes on its own: verification
// links, password resets, e-mail changes and one-time passwords. It knows
// nothing of records; callers render a template and hand over a Message,
// which goes over SMTP or to the local sendmail program.
package mail
