package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// Accounts implements linli.AccountService.
type Accounts struct{ *DB }

var _ linli.AccountService = Accounts{}

const userColumns = `id, name, login, locale, is_admin, created_at`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (*linli.User, error) {
	var u linli.User
	var created instant
	if err := row.Scan(append([]any{&u.ID, &u.Name, &u.Login, &u.Locale, &u.IsAdmin, &created}, extra...)...); err != nil {
		return nil, err
	}
	u.CreatedAt = created.Time
	return &u, nil
}

// Register creates a user.
func (s Accounts) Register(ctx context.Context, r linli.Registration) (*linli.User, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return s.createUser(ctx, r, false)
}

// RegisterFrom is Register with the registrations from addr counted in the database (see
// linli.CheckRegistrations); the attempt counts whether or not the registration is valid.
func (s Accounts) RegisterFrom(ctx context.Context, r linli.Registration, addr string, limit int) (*linli.User, error) {
	if limit > 0 {
		n, err := s.countAttempt(ctx, "register-addr:"+addr, s.Now(), linli.RegisterWindow)
		if err != nil {
			return nil, err
		}
		if err := linli.CheckRegistrations(n, limit); err != nil {
			return nil, err
		}
	}
	return s.Register(ctx, r)
}

var errLoginTaken = &linli.Error{Code: linli.EConflict, Field: "login", Message: "this login is already registered"}

// createUser checks that the login is free before hashing the password, so that registering
// taken logins costs the server nothing; a registration's hash waits behind every sign-in's.
func (s Accounts) createUser(ctx context.Context, r linli.Registration, admin bool) (*linli.User, error) {
	var taken bool
	if err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE login = ?)`, r.Login).Scan(&taken); err != nil {
		return nil, translate(err)
	}
	if taken {
		return nil, errLoginTaken
	}
	hash, err := s.Hasher.HashForRegistration(ctx, r.Password)
	if err != nil {
		return nil, err
	}
	u := &linli.User{ID: newID(), Name: r.Name, Login: r.Login, Locale: r.Locale, IsAdmin: admin}
	err = s.inTx(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.Now
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, login, password_hash, locale, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Name, u.Login, hash, u.Locale, admin, fmtTime(tx.Now), fmtTime(tx.Now))
		if linli.ErrorCode(translate(err)) == linli.EConflict {
			return errLoginTaken
		}
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, &linli.Actor{User: *u}, "", "user.register", "user", u.ID, nil); err != nil {
			return err
		}
		return takePending(ctx, tx, u)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateAdmin creates an administrator, or makes an existing login one with the new password.
func (s Accounts) CreateAdmin(ctx context.Context, r linli.Registration) (*linli.User, error) {
	if r.Name == "" {
		r.Name = "管理员"
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	u, err := s.createUser(ctx, r, true)
	if linli.ErrorCode(err) != linli.EConflict {
		return u, err
	}
	hash, err := s.Hasher.Hash(ctx, r.Password)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET is_admin = 1, password_hash = ?, updated_at = ? WHERE login = ?`, hash, fmtTime(tx.Now), r.Login)
		return err
	})
	if err != nil {
		return nil, err
	}
	return scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE login = ?`, r.Login))
}

var errBadCredentials = linli.Errorf(linli.EUnauthenticated, "wrong login or password")

// Login checks credentials and opens a session. A failure is answered after linli.LoginDelay
// for the login's recent failures; a client address with too many failures is refused.
func (s Accounts) Login(ctx context.Context, c linli.Credentials, addr, userAgent string) (*linli.User, string, error) {
	if c.Login == "" {
		return nil, "", linli.Invalid("login", "a login is required")
	}
	if c.Password == "" {
		return nil, "", linli.Invalid("password", "a password is required")
	}
	login, lerr := linli.NormalizeLogin("login", c.Login)
	if lerr != nil {
		login = c.Login
	}
	now := s.Now()
	n, err := s.failures(ctx, "login-addr:"+addr, now)
	if err != nil {
		return nil, "", err
	}
	if err := linli.CheckSignInAttempts(n); err != nil {
		return nil, "", err
	}
	var hash string
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE login = ?`, login), &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", translate(err)
	}
	ok, verr := s.Hasher.Verify(ctx, hash, c.Password)
	if verr != nil && hash != "" {
		return nil, "", verr
	}
	if u == nil || !ok || len(c.Password) > linli.MaxPasswordBytes {
		n, err := s.addFailure(ctx, now, "login:"+login, "login-addr:"+addr)
		if err != nil {
			return nil, "", err
		}
		s.Sleep(ctx, linli.LoginDelay(n))
		return nil, "", errBadCredentials
	}
	token := auth.NewToken()
	err = s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, device_id, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			auth.HashToken(token), u.ID, fmtTime(tx.Now), fmtTime(tx.Now.Add(linli.SessionLifetime)), newDeviceID(), fmtTime(tx.Now), linli.CleanUserAgent(userAgent))
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// Logout ends the actor's session with token.
func (s Accounts) Logout(ctx context.Context, a *linli.Actor, token string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE token_hash = ? AND user_id = ?`, auth.HashToken(token), a.User.ID)
		return err
	})
}

// Authenticate returns the actor of a live session token. The session, its user and the user's
// memberships are read in one query (a row per membership, or one with none): it runs before
// every signed-in request, and under a rush each query waits for one of a few pooled
// connections. The memberships are sorted here, as Memberships sorts them: in SQL the order
// would cost a sort step (the index is on user_id alone). The parameters are cast: go-sqlite3
// clears a cached statement's bindings, and SQLite then parses and plans a join again for every
// run whose plan could depend on a bare parameter (see findChild); a cast value cannot.
func (s Accounts) Authenticate(ctx context.Context, token string) (*linli.Actor, error) {
	if token == "" || len(token) > 100 {
		return nil, linli.Errorf(linli.EUnauthenticated, "please sign in")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT u.id, u.name, u.login, u.locale, u.is_admin, u.created_at, s.device_id, s.last_seen_at,
		m.community_id, m.role, m.teacher_type
		FROM auth_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships m ON m.user_id = u.id
		WHERE s.token_hash = CAST(? AS BLOB) AND s.expires_at > CAST(? AS TEXT)`,
		auth.HashToken(token), fmtTime(s.Now()))
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var u *linli.User
	var device, seen string
	ms := []linli.Membership{}
	for rows.Next() {
		var community, role, teacherType sql.NullString
		if u, err = scanUser(rows, &device, &seen, &community, &role, &teacherType); err != nil {
			return nil, translate(err)
		}
		if community.Valid {
			ms = append(ms, linli.Membership{CommunityID: community.String, Role: role.String, TeacherType: teacherType.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	if u == nil {
		return nil, linli.Errorf(linli.EUnauthenticated, "your sign-in has ended; please sign in again")
	}
	slices.SortFunc(ms, func(a, b linli.Membership) int {
		return cmp.Or(strings.Compare(a.CommunityID, b.CommunityID), strings.Compare(a.Role, b.Role))
	})
	s.seen(device, parseTime(seen))
	return &linli.Actor{User: *u, Memberships: ms, SessionID: device}, nil
}

// UpdateProfile changes the actor's own name, locale or password; a new password ends every
// other session of the user. A wrong current password is limited like a failed sign-in from addr.
func (s Accounts) UpdateProfile(ctx context.Context, a *linli.Actor, in linli.Input[linli.ProfileChange], addr string) (*linli.User, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	ch, err := in()
	if err != nil {
		return nil, err
	}
	if err := ch.Validate(); err != nil {
		return nil, err
	}
	var newHash string
	if ch.Password != nil {
		if err := s.checkOwnPassword(ctx, a, *ch.CurrentPassword, addr, "current_password"); err != nil {
			return nil, err
		}
		if newHash, err = s.Hasher.Hash(ctx, *ch.Password); err != nil {
			return nil, err
		}
	}
	u := a.User
	if ch.Name != nil {
		u.Name = *ch.Name
	}
	if ch.Locale != nil {
		u.Locale = *ch.Locale
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, locale = ?, updated_at = ? WHERE id = ?`, u.Name, u.Locale, fmtTime(tx.Now), u.ID); err != nil {
			return err
		}
		if newHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, newHash, u.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE user_id = ? AND (device_id IS NULL OR device_id <> ?)`, u.ID, a.SessionID); err != nil {
				return err
			}
			return tx.audit(ctx, a, "", "user.password_change", "user", u.ID, nil)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// IssueReset makes a one-time reset code for a user: administrators for anyone, coordinators for
// members of their communities whose account reaches no further (see linli.ResetScope).
func (s Accounts) IssueReset(ctx context.Context, a *linli.Actor, userID string) (string, error) {
	if err := a.RequireUser(); err != nil {
		return "", err
	}
	target, err := s.resetTarget(ctx, userID)
	if err != nil {
		return "", err
	}
	community, err := linli.ResetScope(a, *target)
	if err != nil {
		return "", err
	}
	code := auth.NewResetCode()
	err = s.inTx(ctx, func(tx *Tx) error {
		until := tx.Now.Add(linli.ResetCodeLifetime)
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (code_hash, user_id, created_by, expires_at) VALUES (?, ?, ?, ?)`,
			auth.HashToken(code), userID, a.User.ID, fmtTime(until)); err != nil {
			return err
		}
		// The owner hears of every code, in the inbox and through the webhooks (an SMS gateway
		// reaches the phone even once someone else holds the account).
		if err := notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeResetIssued, Recipients: []string{userID},
			Data: linli.NoticeData{By: a.User.Name, Until: until}}); err != nil {
			return err
		}
		return tx.audit(ctx, a, community, "user.password_reset_issued", "user", userID, nil)
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// resetTarget reads what linli.ResetScope needs to know of the account userID; a missing one is 404.
func (s Accounts) resetTarget(ctx context.Context, userID string) (*linli.ResetTarget, error) {
	if !validID(userID) {
		return nil, linli.NotFound("user")
	}
	var t linli.ResetTarget
	err := s.read.QueryRowContext(ctx, `SELECT is_admin, EXISTS (SELECT 1 FROM child_guardians WHERE user_id = users.id) FROM users WHERE id = ?`,
		userID).Scan(&t.IsAdmin, &t.Guardian)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("user")
	}
	if err != nil {
		return nil, translate(err)
	}
	t.Memberships, err = Communities{s.DB}.Memberships(ctx, userID)
	return &t, err
}

// ResetPassword sets a new password with a reset code and ends the user's sessions. Wrong codes
// are limited per client address and per login.
func (s Accounts) ResetPassword(ctx context.Context, r linli.PasswordReset, addr string) error {
	login, err := linli.NormalizeLogin("login", r.Login)
	if err != nil {
		return err
	}
	if err := linli.ValidatePassword("password", r.Password); err != nil {
		return err
	}
	now := s.Now()
	byAddr, err := s.failures(ctx, "reset-addr:"+addr, now)
	if err != nil {
		return err
	}
	byLogin, err := s.failures(ctx, "reset:"+login, now)
	if err != nil {
		return err
	}
	if err := linli.CheckResetAttempts(byAddr, byLogin); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, r.Password)
	if err != nil {
		return err
	}
	wrongCode := false
	err = s.inTx(ctx, func(tx *Tx) error {
		wrongCode = false
		code, err := findResetCode(ctx, tx, login, r.ResetCode)
		if err != nil {
			return err
		}
		if err := linli.CheckResetCode(code, tx.Now); err != nil {
			wrongCode = true
			return err
		}
		userID := code.UserID
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, fmtTime(tx.Now), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, fmtTime(tx.Now), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.audit(ctx, &linli.Actor{User: linli.User{ID: userID}}, "", "user.password_reset", "user", userID, nil)
	})
	if wrongCode {
		// Counted once the transaction is over: a write run again must not count it twice.
		if _, ferr := s.addFailure(ctx, now, "reset-addr:"+addr, "reset:"+login); ferr != nil {
			return ferr
		}
	}
	return err
}

// findResetCode reads the stored reset code that matches login and the code given, or nil.
func findResetCode(ctx context.Context, tx *Tx, login, given string) (*linli.ResetCode, error) {
	var c linli.ResetCode
	var expires instant
	var used sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT p.user_id, p.used_at, p.expires_at FROM password_resets p JOIN users u ON u.id = p.user_id
		WHERE p.code_hash = ? AND u.login = ?`, auth.HashToken(auth.NormalizeResetCode(given)), login).Scan(&c.UserID, &used, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Used, c.ExpiresAt = used.Valid, expires.Time
	return &c, nil
}
