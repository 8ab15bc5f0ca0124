package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// AddMember gives a user a role in a community. A login nobody has registered yet becomes a
// pending member under the name the coordinator typed, made active by the first registration
// with that login (see takePending).
func (s Communities) AddMember(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.NewMember]) (*linli.Member, error) {
	var out *linli.Member
	err := s.inTx(ctx, func(tx *Tx) error {
		community, err := authorize(ctx, tx, a, linli.ActManageMembers, linli.ObjCommunity, communityID)
		if err != nil {
			return err
		}
		m, err := in()
		if err != nil {
			return err
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := grantable(a, community, m.Role); err != nil {
			return err
		}
		out = &linli.Member{CommunityID: communityID, Role: m.Role, TeacherType: m.TeacherType, Status: linli.MemberActive}
		q, arg, field := `SELECT id, name, login FROM users WHERE id = ?`, m.UserID, "user_id"
		if m.UserID == "" {
			q, arg, field = `SELECT id, name, login FROM users WHERE login = ?`, m.Login, "login"
		}
		err = tx.QueryRowContext(ctx, q, arg).Scan(&out.UserID, &out.Name, &out.Login)
		switch {
		case errors.Is(err, sql.ErrNoRows) && field == "login":
			return addPending(ctx, tx, a, out, m)
		case errors.Is(err, sql.ErrNoRows):
			return &linli.Error{Code: linli.ENotFound, Field: field, Message: "no registered user with that " + field}
		case err != nil:
			return err
		}
		out.Since = tx.Now
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, teacher_type, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (community_id, user_id, role) DO UPDATE SET teacher_type = excluded.teacher_type`,
			communityID, out.UserID, m.Role, m.TeacherType, fmtTime(tx.Now))
		if err != nil {
			return err
		}
		var since string
		if err := tx.QueryRowContext(ctx, `SELECT created_at FROM memberships WHERE community_id = ? AND user_id = ? AND role = ?`,
			communityID, out.UserID, m.Role).Scan(&since); err != nil {
			return err
		}
		out.Since = parseTime(since)
		return tx.audit(ctx, a, communityID, "membership.add", "user", out.UserID, linli.Membership{CommunityID: communityID, UserID: out.UserID, Role: m.Role, TeacherType: m.TeacherType})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addPending records the role for a login nobody has registered yet; it needs the name to show.
func addPending(ctx context.Context, tx *Tx, a *linli.Actor, out *linli.Member, m linli.NewMember) error {
	if err := m.CheckPending(); err != nil {
		return err
	}
	out.UserID, out.Login, out.Name, out.Status, out.Since = "", m.Login, m.Name, linli.MemberPending, tx.Now
	_, err := tx.ExecContext(ctx, `INSERT INTO pending_memberships (community_id, login, name, role, teacher_type, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (community_id, login, role) DO UPDATE SET name = excluded.name, teacher_type = excluded.teacher_type`,
		out.CommunityID, m.Login, m.Name, m.Role, m.TeacherType, fmtTime(tx.Now))
	if err != nil {
		return err
	}
	// The audit log keeps the role, never the login (a phone number).
	return tx.audit(ctx, a, out.CommunityID, "membership.add_pending", "community", out.CommunityID, map[string]string{"role": m.Role, "teacher_type": m.TeacherType})
}

// takePending turns the pending roles of a newly registered login into memberships of user u.
func takePending(ctx context.Context, tx *Tx, u *linli.User) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, teacher_type, created_at)
		SELECT community_id, ?, role, teacher_type, ? FROM pending_memberships WHERE login = ?
		ON CONFLICT (community_id, user_id, role) DO NOTHING`, u.ID, fmtTime(tx.Now), u.Login)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pending_memberships WHERE login = ?`, u.Login); err != nil {
		return err
	}
	return tx.audit(ctx, &linli.Actor{User: *u}, "", "membership.activate", "user", u.ID, nil)
}

// RemoveMember takes a role away; the user loses its access at once. who is a user id, or the
// login of a pending member (or of a registered one).
func (s Communities) RemoveMember(ctx context.Context, a *linli.Actor, communityID, who, role string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		community, err := authorize(ctx, tx, a, linli.ActManageMembers, linli.ObjCommunity, communityID)
		if err != nil {
			return err
		}
		if err := linli.CheckRole(role); err != nil {
			return err
		}
		if err := grantable(a, community, role); err != nil {
			return err
		}
		userID := who
		if !validID(who) {
			login, err := linli.NormalizeLogin("login", who)
			if err != nil {
				return linli.NotFound("membership")
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM pending_memberships WHERE community_id = ? AND login = ? AND role = ?`, communityID, login, role)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				return tx.audit(ctx, a, communityID, "membership.remove_pending", "community", communityID, map[string]string{"role": role})
			}
			if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE login = ?`, login).Scan(&userID); errors.Is(err, sql.ErrNoRows) {
				return linli.NotFound("membership")
			} else if err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE community_id = ? AND user_id = ? AND role = ?`, communityID, userID, role)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return linli.NotFound("membership")
		}
		return tx.audit(ctx, a, communityID, "membership.remove", "user", userID, map[string]string{"role": role})
	})
}

// FindMembers lists the roles held in a community (one item per user and role) and then its
// pending members, to its coordinators and administrators (401, then 404, or 403 for its other
// members), with the login that tells apart two members of the same name; role ("" for all)
// keeps one role.
func (s Communities) FindMembers(ctx context.Context, a *linli.Actor, communityID, role string, p linli.Page) ([]linli.Member, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManageMembers, linli.ObjCommunity, communityID); err != nil {
		return nil, "", err
	}
	if role != "" {
		if err := linli.CheckRole(role); err != nil {
			return nil, "", err
		}
	}
	return listPage(ctx, s.read, p, `SELECT k, user_id, name, login, role, teacher_type, status, since FROM (
			SELECT '0/' || m.user_id || '/' || m.role AS k, m.user_id, u.name, u.login, m.role, m.teacher_type, 'active' AS status, m.created_at AS since
			FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.community_id = ?1
			UNION ALL
			SELECT '1/' || login || '/' || role, '', name, login, role, teacher_type, 'pending', created_at
			FROM pending_memberships WHERE community_id = ?1) AS members
		WHERE (?2 = '' OR role = ?2) AND k > ?3 ORDER BY k LIMIT ?4`,
		func(r *sql.Rows) (m linli.Member, err error) {
			var k, since string
			err = r.Scan(&k, &m.UserID, &m.Name, &m.Login, &m.Role, &m.TeacherType, &m.Status, &since)
			m.CommunityID, m.Since = communityID, parseTime(since)
			return m, err
		},
		func(m linli.Member) string {
			if m.Status == linli.MemberPending {
				return "1/" + m.Login + "/" + m.Role
			}
			return "0/" + m.UserID + "/" + m.Role
		}, communityID, role)
}

// grantable checks that a may grant or remove role in the community: only administrators the
// coordinator role.
func grantable(a *linli.Actor, community linli.Object, role string) error {
	if role != linli.RoleCoordinator {
		return nil
	}
	return linli.Authorize(a, linli.ActAppointCoordinator, community)
}
