package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli/linli/internal/linli"
)

// InviteGuardian invites the holder of a login to become another guardian of the child. It never
// looks the login up: the answer, and the work done, are the same whether or not anyone holds it.
// Invitations that ran out are forgotten here, with the logins they hold.
func (s Children) InviteGuardian(ctx context.Context, a *linli.Actor, childID string, body linli.Input[linli.NewGuardian]) (*linli.Invitation, error) {
	inv := &linli.Invitation{ID: newID(), ChildID: childID}
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, childID); err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		var sent int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM guardian_invitations WHERE invited_by = ? AND created_at > ?`,
			a.User.ID, fmtTime(tx.Now.Add(-24*time.Hour))).Scan(&sent); err != nil {
			return err
		}
		if err := linli.CheckInvitationsSent(sent); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM guardian_invitations WHERE expires_at <= ?`, fmtTime(tx.Now)); err != nil {
			return err
		}
		inv.ExpiresAt = tx.Now.Add(linli.InvitationTTL).Truncate(time.Second).In(linli.ChinaTime)
		if _, err := tx.ExecContext(ctx, `INSERT INTO guardian_invitations (id, child_id, invited_by, login, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			inv.ID, childID, a.User.ID, in.Login, fmtTime(tx.Now), fmtTime(inv.ExpiresAt)); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "child.guardian_invite", "child", childID, map[string]string{"invitation_id": inv.ID})
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// invitationColumns and invitationFrom read an invitation to the login ?1 whose inviter is still
// a guardian of the child.
const (
	invitationColumns = `i.id, i.child_id, c.name, u.name, i.created_at, i.expires_at, i.status`
	invitationFrom    = ` FROM guardian_invitations i JOIN children c ON c.id = i.child_id JOIN users u ON u.id = i.invited_by
		WHERE i.login = ?1 AND EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = i.child_id AND g.user_id = i.invited_by)`
)

func scanInvitation(r interface{ Scan(...any) error }) (linli.ReceivedInvitation, error) {
	var inv linli.ReceivedInvitation
	var created, expires instant
	if err := r.Scan(&inv.ID, &inv.ChildID, &inv.ChildName, &inv.InviterName, &created, &expires, &inv.Status); err != nil {
		return inv, err
	}
	inv.ChildName = linli.GivenName(inv.ChildName)
	inv.CreatedAt, inv.ExpiresAt = created.In(linli.ChinaTime), expires.In(linli.ChinaTime)
	return inv, nil
}

// FindInvitations lists the pending, unexpired invitations to the actor's login, oldest first,
// leaving out children the actor already guards.
func (s Children) FindInvitations(ctx context.Context, a *linli.Actor) ([]linli.ReceivedInvitation, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	out := []linli.ReceivedInvitation{}
	err := eachRow(ctx, s.read, `SELECT `+invitationColumns+invitationFrom+` AND i.status = 'pending' AND i.expires_at > ?2
		AND NOT EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = i.child_id AND g.user_id = ?3)
		ORDER BY i.created_at, i.id LIMIT 100`, []any{a.User.Login, fmtTime(s.Now()), a.User.ID}, func(r *sql.Rows) error {
		inv, err := scanInvitation(r)
		out = append(out, inv)
		return err
	})
	return out, err
}

// AnswerInvitation accepts or declines an invitation to the actor's login; accepting makes the
// actor a guardian of the child in the same transaction. Giving the same answer again (a retry
// on a poor connection) answers as the first time and changes nothing.
func (s Children) AnswerInvitation(ctx context.Context, a *linli.Actor, id string, accept bool) (*linli.ReceivedInvitation, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	if !validID(id) {
		return nil, linli.NotFound("invitation")
	}
	var inv linli.ReceivedInvitation
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` AND i.id = ?2`, a.User.Login, id))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return linli.NotFound("invitation")
		case err != nil:
			return err
		}
		status, changed, err := inv.Answer(accept, tx.Now)
		if err != nil || !changed {
			return err
		}
		inv.Status = status
		if _, err := tx.ExecContext(ctx, `UPDATE guardian_invitations SET status = ?, answered_at = ? WHERE id = ?`, inv.Status, fmtTime(tx.Now), id); err != nil {
			return err
		}
		if !accept {
			return tx.audit(ctx, a, "", "child.guardian_decline", "child", inv.ChildID, map[string]string{"invitation_id": id})
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO child_guardians (child_id, user_id, added_by, added_at)
			SELECT child_id, ?, invited_by, ? FROM guardian_invitations WHERE id = ? ON CONFLICT DO NOTHING`, a.User.ID, fmtTime(tx.Now), id); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "child.guardian_add", "child", inv.ChildID, map[string]string{"user_id": a.User.ID, "invitation_id": id})
	})
	if err != nil {
		return nil, err
	}
	return &inv, nil
}

// RemoveGuardian ends userID's guardianship of the child, and the invitations they sent for it
// that are still pending; the last guardian stays (409: delete the child instead).
func (s Children) RemoveGuardian(ctx context.Context, a *linli.Actor, childID, userID string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, childID); err != nil {
			return err
		}
		var target, guardians int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE user_id = ?), COUNT(*) FROM child_guardians WHERE child_id = ?`,
			userID, childID).Scan(&target, &guardians); err != nil {
			return err
		}
		if err := linli.CheckRemoveGuardian(target > 0, guardians); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM child_guardians WHERE child_id = ? AND user_id = ?`, childID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM guardian_invitations WHERE child_id = ? AND invited_by = ? AND status = 'pending'`, childID, userID); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "child.guardian_remove", "child", childID, map[string]string{"user_id": userID})
	})
}
