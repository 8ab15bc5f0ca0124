package linli

import "time"

// SessionLifetime is how long a sign-in lasts: the session's expiry and its cookie's max age.
const SessionLifetime = 30 * 24 * time.Hour

// ResetCodeLifetime is how long a password-reset code is good for.
const ResetCodeLifetime = 24 * time.Hour

// The cost of a stored password: argon2id with OWASP's recommended parameters (m=19 MiB, t=2,
// p=1), which the server's flags may raise. At most HashesAtOnce hashes are computed at once, so
// that a burst of sign-ins cannot exhaust memory.
const (
	PasswordHashMemoryKiB = 19 * 1024
	PasswordHashPasses    = 2
	PasswordHashThreads   = 1
	HashesAtOnce          = 4
)

// ResetTarget is what the reset scope needs to know of the account whose password is to be reset.
type ResetTarget struct {
	IsAdmin     bool         // the account is an administrator's
	Guardian    bool         // the account is a guardian of at least one child
	Memberships []Membership // every role the account holds
}

// ResetScope returns the community through which a may reset the password of the account t
// ("" for an administrator, who may reset anyone's), or not_found. A reset code hands the account
// to whoever issues it, and coordinators add any registered user as a member, so a coordinator
// may reset only an account whose every role is in a community they coordinate, that holds at
// least one role, and that is no administrator's and no child's guardian's: anything wider is for
// administrators.
func ResetScope(a *Actor, t ResetTarget) (string, error) {
	if a.IsAdmin() {
		return "", nil
	}
	if t.IsAdmin || t.Guardian || len(t.Memberships) == 0 {
		return "", NotFound("user")
	}
	scope := ""
	for _, m := range t.Memberships {
		if !a.Has(m.CommunityID, RoleCoordinator) {
			return "", NotFound("user")
		}
		scope = m.CommunityID
	}
	return scope, nil
}

// ResetCode is a stored password-reset code, as the reset rule needs it: whose account it opens,
// whether it was used, and until when it is good.
type ResetCode struct {
	UserID    string
	Used      bool
	ExpiresAt time.Time
}

// CheckResetCode answers invalid on reset_code unless c, the stored code that matches the login
// and the code given (nil when none does), is unused and good at now. The answer never tells a
// wrong code from a used or an expired one.
func CheckResetCode(c *ResetCode, now time.Time) error {
	if c == nil || c.Used || !now.Before(c.ExpiresAt) {
		return Invalid("reset_code", "the code is wrong, used or expired")
	}
	return nil
}
