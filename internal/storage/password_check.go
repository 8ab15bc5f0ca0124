package storage

import (
	"context"

	"github.com/linli/linli/internal/linli"
)

// checkOwnPassword verifies the signed-in actor's password before a change only the owner may
// make (a new password, deleting the account). A stolen session cookie must not turn these into
// a free password oracle, so a wrong password counts like a failed sign-in: per login, answered
// after linli.LoginDelay, and per client address, refused beyond linli.AddrFailureLimit. The
// counters are the sign-in's own, so guesses here and at POST /auth/login add up. A correct
// password is never held.
func (s Accounts) checkOwnPassword(ctx context.Context, a *linli.Actor, password, addr, field string) error {
	now := s.Now()
	n, err := s.failures(ctx, "login-addr:"+addr, now)
	if err != nil {
		return err
	}
	if err := linli.CheckOwnPasswordAttempts(n); err != nil {
		return err
	}
	var hash string
	if err := s.read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, a.User.ID).Scan(&hash); err != nil {
		return translate(err)
	}
	if ok, _ := s.Hasher.Verify(ctx, hash, password); ok && len(password) <= linli.MaxPasswordBytes {
		return nil
	}
	if n, err = s.addFailure(ctx, now, "login:"+a.User.Login, "login-addr:"+addr); err != nil {
		return err
	}
	s.Sleep(ctx, linli.LoginDelay(n))
	return linli.WrongOwnPassword(field)
}
