package storage

import (
	"context"

	"github.com/linli/linli/internal/linli"
)

// DeleteAccount erases the actor's own account once they guard no child and hold no role (a
// region viewer's included): its sessions, feed, notifications, reset codes, invitations and
// replayable answers go, and the user row keeps only its id (which other records name) with a
// login nobody can type. The name stays only while service records of the person exist: the
// national volunteer record needs it, and the policy states the person's consent to that.
// secure_delete and a rebuilt login index leave no copy of the login or name in the file. A
// wrong password is limited like a failed sign-in from addr.
func (s Accounts) DeleteAccount(ctx context.Context, a *linli.Actor, body linli.Input[linli.AccountDeletion], addr string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	in, err := body()
	if err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.checkOwnPassword(ctx, a, in.Password, addr, "password"); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		var holds linli.AccountHolds
		var records int
		if err := tx.QueryRowContext(ctx, `SELECT is_admin,
			(SELECT COUNT(*) FROM memberships WHERE user_id = ?1) + (SELECT COUNT(*) FROM region_viewers WHERE user_id = ?1),
			(SELECT COUNT(*) FROM child_guardians WHERE user_id = ?1),
			(SELECT COUNT(*) FROM service_records WHERE user_id = ?1)
			FROM users WHERE id = ?1`, a.User.ID).Scan(&holds.Admin, &holds.Roles, &holds.Children, &records); err != nil {
			return err
		}
		if err := linli.CheckAccountDeletion(holds); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM auth_sessions WHERE user_id = ?1`,
			`DELETE FROM feed_entries WHERE user_id = ?1`,
			`DELETE FROM feed_tokens WHERE user_id = ?1`,
			`DELETE FROM feed_versions WHERE kind = 'personal' AND id = ?1`,
			`DELETE FROM notifications WHERE user_id = ?1`,
			`DELETE FROM password_resets WHERE user_id = ?1 OR created_by = ?1`,
			`DELETE FROM idempotency_keys WHERE scope = 'user:' || ?1`,
			`DELETE FROM guardian_invitations WHERE invited_by = ?1 OR login = ?2`,
			// Ratings stay in the programs' averages, without who gave them or what they wrote.
			`UPDATE session_feedback SET user_id = '', comment = '' WHERE user_id = ?1`,
			// Children the person once created and handed over to other guardians stay theirs.
			`UPDATE children SET created_by = (SELECT g.user_id FROM child_guardians g WHERE g.child_id = children.id ORDER BY g.added_at LIMIT 1)
				WHERE created_by = ?1`,
			`UPDATE users SET name = CASE WHEN ?3 THEN name ELSE '' END, login = 'deleted:' || id, password_hash = '', updated_at = ?4 WHERE id = ?1`,
		} {
			if _, err := tx.ExecContext(ctx, q, a.User.ID, a.User.Login, records > 0, fmtTime(tx.Now)); err != nil {
				return err
			}
		}
		// A rebalanced index page may keep bytes of a moved login in its free gap: rebuilt, the
		// old pages are freed and zeroed.
		if err := tx.reindex(ctx, "TABLE", "users"); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "user.delete", "user", a.User.ID, map[string]bool{"name_kept_for_service_records": records > 0})
	})
}
