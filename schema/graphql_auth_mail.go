package schema

// authMailMutations are the e-mail and one-time-password flows of every
// auth collection, as mutations named <list><suffix>. A result "$Auth!" is
// the collection's own auth type.
var authMailMutations = []struct {
	suffix, args, result string
	kind                 RootKind
}{
	{"RequestVerification", "email: String!", "Boolean!", RootRequestVerification},
	{"ConfirmVerification", "token: String!", "Boolean!", RootConfirmVerification},
	{"RequestPasswordReset", "email: String!", "Boolean!", RootRequestPasswordReset},
	{"ConfirmPasswordReset", "token: String!, password: String!, passwordConfirm: String!", "Boolean!", RootConfirmPasswordReset},
	{"RequestEmailChange", "newEmail: String!", "Boolean!", RootRequestEmailChange},
	{"ConfirmEmailChange", "token: String!, password: String!", "Boolean!", RootConfirmEmailChange},
	{"RequestOtp", "email: String!", "OtpRequest!", RootRequestOTP},
	{"AuthWithOtp", "otpId: String!, password: String!, mfaId: String", "$Auth!", RootAuthWithOTP},
}
