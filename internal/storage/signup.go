package storage

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

const signupColumns = `g.session_id, g.user_id, u.name, g.status, g.created_at, g.updated_at`

func scanSignup(r interface{ Scan(...any) error }) (linli.Signup, error) {
	var g linli.Signup
	var created, updated instant
	err := r.Scan(&g.SessionID, &g.UserID, &g.Name, &g.Status, &created, &updated)
	g.CreatedAt, g.UpdatedAt = created.Time, updated.Time
	return g, err
}

// SignUp puts a volunteer on a volunteer shift. The seat is taken by a conditional UPDATE of
// sessions.confirmed on the single writer connection, so that a shift never holds more
// volunteers than places, whatever the concurrency.
func (s Volunteers) SignUp(ctx context.Context, a *linli.Actor, sessionID string, body linli.Input[linli.SignupRequest]) (*linli.Signup, error) {
	var out linli.Signup
	err := s.inTx(ctx, func(tx *Tx) error {
		shift, err := authorize(ctx, tx, a, linli.ActSignUp, linli.ObjSession, sessionID)
		if err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		userID, err := signupTarget(ctx, tx, a, shift, in.UserID, true)
		if err != nil {
			return err
		}
		held, err := planCommitments(ctx, tx, sess, "", []string{userID})
		if err != nil {
			return err
		}
		if err := linli.CheckSignUp(sess, userID, held, tx.Now); err != nil {
			return err
		}
		if err := linli.CheckShiftPlace(sess); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed + 1
			WHERE id = ? AND status = 'scheduled' AND confirmed < capacity`, sess.ID)
		if err != nil {
			return err
		}
		// The seat is taken by the conditional UPDATE; it answers a racing sign-up as the rule would.
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, linli.ShiftFull(sess))
		}
		now := fmtTime(tx.Now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_signups (session_id, user_id, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)
			ON CONFLICT (session_id, user_id) DO UPDATE SET status = 'active', updated_at = excluded.updated_at`, sess.ID, userID, now, now); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, sess.CommunityID, "signup.create", "session", sess.ID, map[string]string{"user_id": userID}); err != nil {
			return err
		}
		out, err = scanSignup(tx.QueryRowContext(ctx, `SELECT `+signupColumns+` FROM session_signups g JOIN users u ON u.id = g.user_id
			WHERE g.session_id = ? AND g.user_id = ?`, sess.ID, userID))
		out.CreatedAt, out.UpdatedAt = out.CreatedAt.In(sess.StartsAt.Location()), out.UpdatedAt.In(sess.StartsAt.Location())
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// signupTarget returns whom a signs up or takes off on the shift: themselves (userID "" or their
// own id; joining, linli.ActTakeShift), or someone else (linli.ActSignUpOthers), who must be a
// volunteer or teacher of the community when joining (400 on user_id otherwise).
func signupTarget(ctx context.Context, q querier, a *linli.Actor, shift linli.Object, userID string, joining bool) (string, error) {
	if userID == "" || userID == a.UserID() {
		if joining {
			return a.UserID(), linli.Authorize(a, linli.ActTakeShift, shift)
		}
		return a.UserID(), nil
	}
	if err := linli.Authorize(a, linli.ActSignUpOthers, shift); err != nil {
		return "", err
	}
	if !joining {
		return userID, nil
	}
	ok, err := isHelper(ctx, q, shift.CommunityID, userID)
	if err != nil {
		return "", err
	}
	if err := linli.CheckSignUpOther(userID, ok); err != nil {
		return "", err
	}
	return userID, nil
}

// LeaveShift takes a volunteer off a shift and frees the place. Volunteers may leave until the
// program's cancel_cutoff_minutes before the start; coordinators at any time.
func (s Volunteers) LeaveShift(ctx context.Context, a *linli.Actor, sessionID, userID string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		shift, err := authorize(ctx, tx, a, linli.ActSignUp, linli.ObjSession, sessionID)
		if err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		target, err := signupTarget(ctx, tx, a, shift, userID, false)
		if err != nil {
			return err
		}
		if !a.IsCoordinatorOf(sess.CommunityID) {
			var cutoff int
			if err := tx.QueryRowContext(ctx, `SELECT cancel_cutoff_minutes FROM programs WHERE id = ?`, sess.ProgramID).Scan(&cutoff); err != nil {
				return err
			}
			if err := linli.CheckLeave(sess, cutoff, tx.Now); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE session_signups SET status = 'left', updated_at = ? WHERE session_id = ? AND user_id = ? AND status = 'active'`,
			fmtTime(tx.Now), sess.ID, target)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, error(linli.NotFound("signup")))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed - 1 WHERE id = ? AND confirmed > 0`, sess.ID); err != nil {
			return err
		}
		return tx.audit(ctx, a, sess.CommunityID, "signup.leave", "session", sess.ID, map[string]string{"user_id": target})
	})
}

// FindSignups lists a shift's sign-ups, active and left, in order of arrival, to the community's
// coordinators and the session's staff.
func (s Volunteers) FindSignups(ctx context.Context, a *linli.Actor, sessionID string) ([]linli.Signup, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadSignups, linli.ObjSession, sessionID); err != nil {
		return nil, err
	}
	sess, err := findSession(ctx, s.read, sessionID)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+signupColumns+` FROM session_signups g JOIN users u ON u.id = g.user_id
		WHERE g.session_id = ? ORDER BY g.created_at, g.user_id`, sessionID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []linli.Signup{}
	for rows.Next() {
		g, err := scanSignup(rows)
		if err != nil {
			return nil, translate(err)
		}
		g.CreatedAt, g.UpdatedAt = g.CreatedAt.In(sess.StartsAt.Location()), g.UpdatedAt.In(sess.StartsAt.Location())
		out = append(out, g)
	}
	return out, translate(rows.Err())
}

// FindMySignups lists the sessions of the actor's active sign-ups whose community-local date is
// from or later (today in China when from is zero), cancelled ones included, by start then id.
func (s Volunteers) FindMySignups(ctx context.Context, a *linli.Actor, in linli.Input[linli.MySignupsFilter]) ([]linli.Session, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	f, err := in()
	if err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(f.Page)
	if err != nil {
		return nil, "", err
	}
	from := f.From
	if from.IsZero() {
		from = linli.DateOf(s.Now(), location(linli.DefaultTimezone))
	}
	start, id := "", ""
	if after != "" {
		var ok bool
		start, id, ok = strings.Cut(after, "|")
		if _, err := time.Parse(timeFormat, start); err != nil || !ok || !validID(id) {
			return nil, "", linli.Invalid("cursor", "not a cursor this server gave out")
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` JOIN session_signups g ON g.session_id = s.id
		WHERE g.user_id = ? AND g.status = 'active' AND s.local_date >= ? AND (? = '' OR s.starts_at > ? OR s.starts_at = ? AND s.id > ?)
		ORDER BY s.starts_at, s.id LIMIT ?`, a.UserID(), from.String(), start, start, start, id, limit+1)
	if err != nil {
		return nil, "", translate(err)
	}
	found, err := scanSessions(rows)
	if err != nil {
		return nil, "", translate(err)
	}
	items, next, err := trimPage(found, limit, func(s linli.Session) string { return fmtTime(s.StartsAt) + "|" + s.ID })
	if err != nil {
		return nil, "", err
	}
	return items, next, translate(loadSessionStaff(ctx, s.read, items))
}
