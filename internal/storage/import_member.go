package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// memberWrite is one membership an import creates or changes.
type memberWrite struct {
	userID string // "" for a pending member, known by its login
	action string
	m      linli.MemberImport
}

// planMembers matches each row to a stored role by mobile number and role. A number nobody has
// registered becomes a pending member, made active by the registration with it (takePending).
func planMembers(ctx context.Context, q querier, a *linli.Actor, community linli.Object, t linli.ImportTable, locale string) (*importPlan, error) {
	if err := checkTable(t, linli.ImportMembers, locale); err != nil {
		return nil, err
	}
	h, err := linli.ReadImportHeader(linli.ImportMembers, t.Rows[0], locale)
	if err != nil {
		return nil, err
	}
	stored, err := loadMembers(ctx, q, community.CommunityID)
	if err != nil {
		return nil, err
	}
	mayAppoint := grantable(a, community, linli.RoleCoordinator) == nil
	res := &linli.ImportResult{Kind: linli.ImportMembers, Rows: []linli.ImportRow{}}
	users := map[string]string{}
	var writes []memberWrite
	var keys []string
	var loadErr error
	tableRows(t, func(line int, cells []string) {
		m, issues := linli.ParseMemberRow(h, cells, locale, mayAppoint)
		row := linli.ImportRow{Row: line, Action: linli.ActionCreate, Errors: issues, Name: m.Name, Role: m.Role, TeacherType: m.TeacherType}
		if row.Errors == nil {
			row.Errors = []linli.ImportIssue{}
		}
		key := ""
		if m.Phone != "" && m.Role != "" && loadErr == nil {
			key = m.Key()
			old := stored[key]
			row.Action = linli.MemberAction(old, m)
			userID := ""
			if old != nil {
				userID = old.UserID
			} else {
				userID, loadErr = userByLogin(ctx, q, users, m.Phone)
			}
			row.Pending = userID == ""
			if len(issues) == 0 && row.Action != linli.ActionUnchanged {
				writes = append(writes, memberWrite{userID: userID, action: row.Action, m: m})
			}
		}
		keys = append(keys, key)
		res.Rows = append(res.Rows, row)
	})
	if loadErr != nil {
		return nil, loadErr
	}
	linli.FlagDuplicates(res.Rows, keys, h.Column("phone"), locale)
	res.Tally()
	p := &importPlan{result: res}
	if len(writes) > 0 {
		p.write = func(ctx context.Context, tx *Tx) error { return writeMembers(ctx, tx, community.CommunityID, writes) }
	}
	return p, nil
}

// loadMembers reads a community's roles, active and pending, by login and role.
func loadMembers(ctx context.Context, q querier, communityID string) (map[string]*linli.StoredMember, error) {
	out := map[string]*linli.StoredMember{}
	rows, err := q.QueryContext(ctx, `SELECT u.login, m.role, m.user_id, m.teacher_type, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.community_id = ?
		UNION ALL SELECT login, role, '', teacher_type, name FROM pending_memberships WHERE community_id = ?`, communityID, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var login, role string
		var m linli.StoredMember
		if err := rows.Scan(&login, &role, &m.UserID, &m.TeacherType, &m.Name); err != nil {
			return nil, err
		}
		out[login+"\x00"+role] = &m
	}
	return out, rows.Err()
}

// userByLogin is the id of the user registered with the login, or "", remembered in seen.
func userByLogin(ctx context.Context, q querier, seen map[string]string, login string) (string, error) {
	if id, ok := seen[login]; ok {
		return id, nil
	}
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM users WHERE login = ?`, login).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	seen[login] = id
	return id, nil
}

// writeMembers writes a valid members import.
func writeMembers(ctx context.Context, tx *Tx, communityID string, writes []memberWrite) error {
	now := fmtTime(tx.Now)
	for _, w := range writes {
		m := w.m
		var err error
		switch {
		case w.userID != "" && w.action == linli.ActionCreate:
			_, err = tx.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, teacher_type, created_at) VALUES (?, ?, ?, ?, ?)`,
				communityID, w.userID, m.Role, m.TeacherType, now)
		case w.userID != "":
			_, err = tx.ExecContext(ctx, `UPDATE memberships SET teacher_type = ? WHERE community_id = ? AND user_id = ? AND role = ?`,
				m.TeacherType, communityID, w.userID, m.Role)
		case w.action == linli.ActionCreate:
			_, err = tx.ExecContext(ctx, `INSERT INTO pending_memberships (community_id, login, name, role, teacher_type, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				communityID, m.Phone, m.Name, m.Role, m.TeacherType, now)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE pending_memberships SET name = ?, teacher_type = ? WHERE community_id = ? AND login = ? AND role = ?`,
				m.Name, m.TeacherType, communityID, m.Phone, m.Role)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
