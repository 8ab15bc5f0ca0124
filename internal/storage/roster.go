package storage

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/linli/linli/internal/linli"
)

// Roster answers the booked (confirmed) children of a session with what staff need to take
// attendance and hand them over, and logs the read in the same transaction.
func (s Attendance) Roster(ctx context.Context, a *linli.Actor, id string) (*linli.Roster, error) {
	var out *linli.Roster
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActTakeAttendance, linli.ObjSession, id); err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, id)
		if err != nil {
			return err
		}
		children, err := rosterChildren(ctx, tx, sess)
		if err != nil {
			return err
		}
		records, err := sessionAttendance(ctx, tx, id)
		if err != nil {
			return err
		}
		for i := range records {
			for j := range children {
				if children[j].ID == records[i].ChildID {
					children[j].Attendance = &records[i]
				}
			}
		}
		ratio, err := maxChildrenPerStaff(ctx, tx, sess.ProgramID)
		if err != nil {
			return err
		}
		out = &linli.Roster{Session: sess, Children: children, Attended: linli.CountAttended(records), MaxChildrenPerStaff: ratio,
			Warnings: linli.AttendanceWarnings(records, len(sess.Staff), ratio)}
		_, err = tx.ExecContext(ctx, `INSERT INTO roster_reads (at, user_id, session_id, community_id, children) VALUES (?, ?, ?, ?, ?)`,
			fmtTime(tx.Now), a.UserID(), id, sess.CommunityID, len(children))
		return err
	})
	return out, err
}

// rosterChildren reads the children confirmed in the session, by name, with their age on its
// date, guardians, pickup persons and the delegations of that date.
func rosterChildren(ctx context.Context, q querier, sess *linli.Session) ([]linli.RosterChild, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.name, c.birth_date, c.notes FROM bookings b JOIN children c ON c.id = b.child_id
		WHERE b.session_id = ? AND b.status = 'confirmed' ORDER BY c.name, c.id`, sess.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	children := []linli.RosterChild{}
	var ids []string
	for rows.Next() {
		var c linli.RosterChild
		var birth string
		if err := rows.Scan(&c.ID, &c.Name, &birth, &c.Notes); err != nil {
			return nil, err
		}
		b, _ := linli.ParseDate(birth)
		c.Age = linli.AgeOn(b, sess.LocalDate)
		children, ids = append(children, c), append(ids, c.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	auth, err := pickupAuthorities(ctx, q, ids, sess.LocalDate)
	if err != nil {
		return nil, err
	}
	for i := range children {
		pa := auth[children[i].ID]
		children[i].Guardians, children[i].Pickups, children[i].Delegations = pa.Guardians, pa.Persons, pa.Delegations
	}
	return children, nil
}

// bookedChildren returns the children confirmed in the session.
func bookedChildren(ctx context.Context, q querier, sessionID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT child_id FROM bookings WHERE session_id = ? AND status = 'confirmed' AND child_id IS NOT NULL`, sessionID)
	if err != nil {
		return nil, err
	}
	ids, err := scanStrings(rows)
	booked := make(map[string]bool, len(ids))
	for _, id := range ids {
		booked[id] = true
	}
	return booked, err
}

// pickupAuthority returns who may collect the child on date.
func pickupAuthority(ctx context.Context, q querier, childID string, date linli.Date) (linli.PickupAuthority, error) {
	auth, err := pickupAuthorities(ctx, q, []string{childID}, date)
	return *auth[childID], err
}

// pickupAuthorities returns, for each child, its guardians (with the login as phone when it is
// a mobile number), its pickup persons and its delegations for date, each in the order given.
func pickupAuthorities(ctx context.Context, q querier, childIDs []string, date linli.Date) (map[string]*linli.PickupAuthority, error) {
	out := make(map[string]*linli.PickupAuthority, len(childIDs))
	for _, id := range childIDs {
		out[id] = &linli.PickupAuthority{Guardians: []linli.Contact{}, Persons: []linli.PickupPerson{}, Delegations: []linli.Delegation{}}
	}
	ids := jsonList(childIDs)
	err := forRows(ctx, q, `SELECT g.child_id, u.id, u.name, u.login FROM child_guardians g JOIN users u ON u.id = g.user_id
		WHERE g.child_id IN (SELECT value FROM json_each(?)) ORDER BY g.added_at, u.id`, []any{ids}, func(r *sql.Rows) error {
		var child, login string
		var c linli.Contact
		if err := r.Scan(&child, &c.ID, &c.Name, &login); err != nil {
			return err
		}
		if phone, err := linli.NormalizeMobile("", login); err == nil {
			c.Phone = phone
		}
		out[child].Guardians = append(out[child].Guardians, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = forRows(ctx, q, `SELECT id, child_id, name, relation, phone FROM pickup_persons
		WHERE child_id IN (SELECT value FROM json_each(?)) ORDER BY id`, []any{ids}, func(r *sql.Rows) error {
		var p linli.PickupPerson
		if err := r.Scan(&p.ID, &p.ChildID, &p.Name, &p.Relation, &p.Phone); err != nil {
			return err
		}
		out[p.ChildID].Persons = append(out[p.ChildID].Persons, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, forRows(ctx, q, `SELECT id, child_id, name, phone FROM pickup_delegations
		WHERE child_id IN (SELECT value FROM json_each(?)) AND date = ? ORDER BY id`, []any{ids, date.String()}, func(r *sql.Rows) error {
		d := linli.Delegation{Date: date}
		if err := r.Scan(&d.ID, &d.ChildID, &d.Name, &d.Phone); err != nil {
			return err
		}
		out[d.ChildID].Delegations = append(out[d.ChildID].Delegations, d)
		return nil
	})
}

// maxChildrenPerStaff returns the program's ratio, nil for none.
func maxChildrenPerStaff(ctx context.Context, q querier, programID string) (*int, error) {
	var n sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT max_children_per_staff FROM programs WHERE id = ?`, programID).Scan(&n)
	return nullInt(n), err
}

const rosterReadQuery = `SELECT r.id, r.at, r.user_id, COALESCE(u.name, ''), r.community_id, r.session_id, s.title, s.starts_at,
		m.timezone, r.children
	FROM roster_reads r LEFT JOIN users u ON u.id = r.user_id JOIN sessions s ON s.id = r.session_id
		JOIN communities m ON m.id = r.community_id
	WHERE (?1 = '' OR r.community_id = ?1) AND r.at >= ?2 AND r.at < ?3`

func scanRosterRead(r *sql.Rows) (linli.RosterRead, error) {
	var e linli.RosterRead
	var at, start instant
	var tz string
	err := r.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.CommunityID, &e.SessionID, &e.SessionTitle, &start, &tz, &e.Children)
	loc := location(tz)
	e.At, e.SessionStartsAt = at.In(loc), start.In(loc)
	return e, err
}

// accessLogRange checks that a is an administrator, then reads the filter and turns its dates
// into instants, in the community's zone (China's for all communities).
func (s Attendance) accessLogRange(ctx context.Context, a *linli.Actor, in linli.Input[linli.AccessLogFilter]) (f linli.AccessLogFilter, from, to string, err error) {
	if err := a.RequireAdmin(); err != nil {
		return f, "", "", err
	}
	if f, err = in(); err != nil {
		return f, "", "", err
	}
	loc := linli.ChinaTime
	if f.CommunityID != "" {
		c, err := Communities{s.DB}.FindCommunity(ctx, f.CommunityID)
		if err != nil {
			return f, "", "", err
		}
		loc = c.Location()
	}
	if err := linli.CheckDates(f.From, f.To); err != nil {
		return f, "", "", err
	}
	from, to = "", "9999"
	if !f.From.IsZero() {
		from = fmtTime(f.From.At(linli.Clock{}, loc))
	}
	if !f.To.IsZero() {
		to = fmtTime(f.To.AddDays(1).At(linli.Clock{}, loc))
	}
	return f, from, to, nil
}

// FindAccessLog lists roster reads, oldest first; administrators only.
func (s Attendance) FindAccessLog(ctx context.Context, a *linli.Actor, in linli.Input[linli.AccessLogFilter]) ([]linli.RosterRead, string, error) {
	f, from, to, err := s.accessLogRange(ctx, a, in)
	if err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, f.Page, rosterReadQuery+` AND r.id > CAST(COALESCE(NULLIF(?4, ''), '0') AS INTEGER) ORDER BY r.id LIMIT ?5`, scanRosterRead,
		func(e linli.RosterRead) string { return strconv.FormatInt(e.ID, 10) }, f.CommunityID, from, to)
}

// ExportAccessLog returns every roster read of the filter, oldest first: at most
// linli.MaxAccessLogExport, else 400 on to (choose a shorter range).
func (s Attendance) ExportAccessLog(ctx context.Context, a *linli.Actor, in linli.Input[linli.AccessLogFilter]) ([]linli.RosterRead, error) {
	f, from, to, err := s.accessLogRange(ctx, a, in)
	if err != nil {
		return nil, err
	}
	out := []linli.RosterRead{}
	err = forRows(ctx, s.read, rosterReadQuery+` ORDER BY r.id LIMIT ?4`, []any{f.CommunityID, from, to, linli.MaxAccessLogExport + 1},
		func(r *sql.Rows) error {
			e, err := scanRosterRead(r)
			out = append(out, e)
			return err
		})
	if err != nil {
		return nil, translate(err)
	}
	if err := linli.CheckAccessLogExport(len(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// forRows runs query through q (a pool or a transaction) and calls fn for each row.
func forRows(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
