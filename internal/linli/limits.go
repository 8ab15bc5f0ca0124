package linli

import "time"

// The limits on guessing: failed sign-ins and wrong reset codes are counted for a while, per login
// and per client address, and registrations per client address.
const (
	// FailureWindow is how long a failed sign-in or a wrong reset code is remembered.
	FailureWindow = 15 * time.Minute
	// AddrFailureLimit is how many failed sign-ins one client address may make in FailureWindow
	// before every further attempt from it is 429.
	AddrFailureLimit = 50
	// ResetAddrLimit and ResetLoginLimit are how many wrong reset codes one client address, and
	// all addresses together for one login, may send in FailureWindow before further ones are 429.
	ResetAddrLimit  = 50
	ResetLoginLimit = 10
	// RegisterWindow is the window of --register-limit.
	RegisterWindow = 10 * time.Minute
	// DefaultRegisterLimit is how many registrations one client address may make in RegisterWindow.
	DefaultRegisterLimit = 20
	// MaxLoginDelay is the longest a failed sign-in is held before its answer.
	MaxLoginDelay = 60 * time.Second
)

// LoginDelay is how long to hold the answer to a failed sign-in, given the recent failures for
// that login, this one included: 1 s for the first, doubling with each, at most MaxLoginDelay. A
// correct password is never held, so an attacker cannot lock the owner out.
func LoginDelay(failures int) time.Duration {
	if failures < 1 {
		return 0
	}
	if failures > 7 {
		return MaxLoginDelay
	}
	return min(time.Second<<(failures-1), MaxLoginDelay)
}

// CheckSignInAttempts answers rate_limited once the client address has made AddrFailureLimit
// failed sign-ins in FailureWindow: further attempts from it are refused unseen.
func CheckSignInAttempts(addrFailures int) error {
	if addrFailures >= AddrFailureLimit {
		return Errorf(ERateLimited, "too many failed sign-ins from your network; wait a few minutes")
	}
	return nil
}

// CheckOwnPasswordAttempts is CheckSignInAttempts for a signed-in user confirming their password:
// the failures counted are the sign-in's own.
func CheckOwnPasswordAttempts(addrFailures int) error {
	if addrFailures >= AddrFailureLimit {
		return Errorf(ERateLimited, "too many wrong passwords from your network; wait a few minutes")
	}
	return nil
}

// WrongOwnPassword is the answer to a signed-in user whose password, confirming a change only the
// owner may make, was wrong (after LoginDelay): 400 naming field, the current password when they
// change it.
func WrongOwnPassword(field string) error {
	if field == "current_password" {
		return Invalid(field, "the current password is wrong")
	}
	return Invalid(field, "the password is wrong")
}

// CheckResetAttempts answers rate_limited once the client address has sent ResetAddrLimit wrong
// reset codes in FailureWindow, or all addresses together ResetLoginLimit for the login.
func CheckResetAttempts(addrWrong, loginWrong int) error {
	if addrWrong >= ResetAddrLimit || loginWrong >= ResetLoginLimit {
		return Errorf(ERateLimited, "too many wrong codes; wait a few minutes")
	}
	return nil
}

// CheckRegistrations answers rate_limited when a client address has made more than limit
// registrations in RegisterWindow, this one included; a limit of 0 is none.
func CheckRegistrations(registrations, limit int) error {
	if limit > 0 && registrations > limit {
		return Errorf(ERateLimited, "too many registrations from your network; wait a few minutes")
	}
	return nil
}
