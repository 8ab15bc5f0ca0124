package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// notifyTx writes a notice to the outbox in tx, so that it is announced exactly when the change
// that causes it commits: one notification per distinct recipient (skipped when n.Once and that
// recipient already had it) and, for each, one pending delivery per webhook subscribed to the
// kind. Every change that people must hear of calls it inside its own transaction.
func notifyTx(ctx context.Context, tx *Tx, n linli.Notice) error {
	if err := n.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(n.Data)
	if err != nil {
		return err
	}
	hooks, err := queryStrings(ctx, tx, `SELECT id FROM webhooks
		WHERE EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value IN (SELECT value FROM json_each(?))) ORDER BY id`,
		jsonList(hookEvents(n.Kind)))
	if err != nil {
		return err
	}
	now := fmtTime(tx.Now)
	for i, uid := range n.Recipients {
		if uid == "" || slices.Contains(n.Recipients[:i], uid) {
			continue
		}
		var once any
		switch {
		case n.Once && n.Key != "":
			once = n.Kind + "|" + n.Key + "|" + uid
		case n.Once:
			once = n.Kind + "|" + n.SessionID + "|" + uid
		}
		id := newID()
		res, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, session_id, once_key, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (once_key) DO NOTHING`,
			id, uid, n.Kind, nullString(n.SessionID), once, string(data), now)
		if err != nil {
			return err
		}
		if written, err := res.RowsAffected(); err != nil || written == 0 {
			if err != nil {
				return err
			}
			continue
		}
		for _, hook := range hooks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, webhook_id, notification_id, next_attempt_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, newID(), hook, id, now, now, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// queryStrings runs a query of one column of strings and reads them.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanStrings(rows)
}

// sessionNotice returns what a notice about s names: its title, times, zone and venue.
func sessionNotice(s *linli.Session) linli.NoticeData {
	d := linli.NoticeData{Title: s.Title, Kind: s.Kind, Timezone: s.StartsAt.Location().String(), StartsAt: s.StartsAt, EndsAt: s.EndsAt}
	if s.Venue != nil {
		d.Venue = s.Venue.Name
	}
	return d
}

// sessionAudience returns everyone a change of a session concerns: its staff, its active
// sign-ups and the guardians of children with a confirmed or waitlisted booking.
func sessionAudience(ctx context.Context, q querier, sessionID string) ([]string, error) {
	return queryStrings(ctx, q, `SELECT user_id FROM session_staff WHERE session_id = ?1
		UNION SELECT user_id FROM session_signups WHERE session_id = ?1 AND status = 'active'
		UNION SELECT g.user_id FROM bookings b JOIN child_guardians g ON g.child_id = b.child_id
			WHERE b.session_id = ?1 AND b.status IN ('confirmed', 'waitlisted')`, sessionID)
}

// announceCancellation tells everyone a scheduled session concerns that it is cancelled, with the
// reason. cancelSessionTx calls it first, while the session's bookings are still active; a
// session already over or not scheduled is announced to nobody.
func announceCancellation(ctx context.Context, tx *Tx, id, reason string) error {
	s, err := findSession(ctx, tx, id)
	if err != nil || s.Status != linli.SessionScheduled || !s.EndsAt.After(tx.Now) {
		return err
	}
	to, err := sessionAudience(ctx, tx, id)
	if err != nil {
		return err
	}
	d := sessionNotice(s)
	d.Reason = reason
	if err := robotSessionChanged(ctx, tx, linli.ChatSessionCancelled, s, d); err != nil {
		return err
	}
	return sessionNoticeTx(ctx, tx, s.ProgramID, linli.Notice{Kind: linli.NoticeSessionCancelled, Recipients: to, SessionID: id, Data: d})
}

// announceMove tells everyone a scheduled session concerns that it moves to the times of moved,
// before the move is written (so the stored session still has the old times). A session not
// scheduled (one coming back after a re-plan cancelled it), or over before and after, is not
// announced.
func announceMove(ctx context.Context, tx *Tx, moved *linli.Session) error {
	old, err := findSession(ctx, tx, moved.ID)
	if err != nil || old.Status != linli.SessionScheduled || !old.EndsAt.After(tx.Now) && !moved.EndsAt.After(tx.Now) ||
		old.StartsAt.Equal(moved.StartsAt) && old.EndsAt.Equal(moved.EndsAt) {
		return err
	}
	to, err := sessionAudience(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	d := sessionNotice(old)
	d.OldStartsAt, d.OldEndsAt = old.StartsAt, old.EndsAt
	d.StartsAt, d.EndsAt = moved.StartsAt, moved.EndsAt
	if moved.VenueID != old.VenueID {
		d.Venue = ""
		err := tx.QueryRowContext(ctx, `SELECT name FROM venues WHERE id = ?`, moved.VenueID).Scan(&d.Venue)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if err := robotSessionChanged(ctx, tx, linli.ChatSessionMoved, old, d); err != nil {
		return err
	}
	return sessionNoticeTx(ctx, tx, old.ProgramID, linli.Notice{Kind: linli.NoticeSessionMoved, Recipients: to, SessionID: old.ID, Data: d})
}

// childrenByGuardian returns, for each guardian of the given children, the names and ids of
// those children they are a guardian of, in name order; guardians come in id order.
func childrenByGuardian(ctx context.Context, q querier, childIDs []string) ([]string, map[string][][2]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.user_id, c.name, c.id FROM children c JOIN child_guardians g ON g.child_id = c.id
		WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY g.user_id, c.name, c.id`, jsonList(childIDs))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var order []string
	kids := map[string][][2]string{}
	for rows.Next() {
		var uid, name, id string
		if err := rows.Scan(&uid, &name, &id); err != nil {
			return nil, nil, err
		}
		if _, ok := kids[uid]; !ok {
			order = append(order, uid)
		}
		kids[uid] = append(kids[uid], [2]string{name, id})
	}
	return order, kids, rows.Err()
}

// notifyGuardians tells each guardian of the children about their own children in the session:
// one notice of kind per guardian, naming only the children they are a guardian of.
func notifyGuardians(ctx context.Context, tx *Tx, kind string, once bool, s *linli.Session, childIDs []string) error {
	order, kids, err := childrenByGuardian(ctx, tx, childIDs)
	if err != nil {
		return err
	}
	for _, uid := range order {
		d := sessionNotice(s)
		for _, k := range kids[uid] {
			d.Children, d.ChildIDs = append(d.Children, k[0]), append(d.ChildIDs, k[1])
		}
		if err := notifyTx(ctx, tx, linli.Notice{Kind: kind, Recipients: []string{uid}, SessionID: s.ID, Once: once, Data: d}); err != nil {
			return err
		}
	}
	return nil
}

// execQuerier is a transaction: it reads and writes.
type execQuerier interface {
	querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// eraseChildNotices takes a child out of every notification that names it, before the child is
// deleted: a notice that named it alone goes (with its webhook deliveries, made or not), one that
// also names other children is rewritten without it. Notices name children only about sessions
// they were booked into (the child's bookings must still name it) or, a program_changed notice,
// by id.
func eraseChildNotices(ctx context.Context, tx execQuerier, childID, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, data FROM notifications
		WHERE (session_id IN (SELECT session_id FROM bookings WHERE child_id = ?1)
			OR kind = ?2 AND EXISTS (SELECT 1 FROM json_each(data, '$.child_ids') WHERE value = ?1))
		AND json_array_length(data, '$.children') > 0`, childID, linli.NoticeProgramChanged)
	if err != nil {
		return err
	}
	type change struct{ id, data string }
	var changes []change
	for rows.Next() {
		var id, data string
		var d linli.NoticeData
		if err := rows.Scan(&id, &data); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(data), &d); err != nil {
			rows.Close()
			return err
		}
		out, ok := d.WithoutChild(childID, name)
		switch {
		case !ok:
			changes = append(changes, change{id, ""})
		case len(out.Children) != len(d.Children):
			b, err := json.Marshal(out)
			if err != nil {
				rows.Close()
				return err
			}
			changes = append(changes, change{id, string(b)})
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, c := range changes {
		q, args := `UPDATE notifications SET data = ? WHERE id = ?`, []any{c.data, c.id}
		if c.data == "" {
			q, args = `DELETE FROM notifications WHERE id = ?`, []any{c.id}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// notifyPromoted tells the guardians of children just confirmed from a session's waitlist that
// they have a seat. The booking code calls it in the transaction that confirms them.
func notifyPromoted(ctx context.Context, tx *Tx, sessionID string, childIDs []string) error {
	s, err := findSession(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	return notifyGuardians(ctx, tx, linli.NoticeBookingPromoted, false, s, childIDs)
}

// notifyConcernResolved tells the volunteer who raised a concern and the volunteers of the visit
// it was found on that it is resolved; a, who resolved it, is not told. The concerns code calls
// it in the transaction that resolves the concern.
func notifyConcernResolved(ctx context.Context, tx *Tx, a *linli.Actor, concernID string) error {
	var sessionID, category, raisedBy, household string
	err := tx.QueryRowContext(ctx, `SELECT c.session_id, c.category, c.raised_by, h.label
		FROM concerns c JOIN households h ON h.id = c.household_id WHERE c.id = ?`, concernID).Scan(&sessionID, &category, &raisedBy, &household)
	if err != nil {
		return err
	}
	s, err := findSession(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	to := slices.DeleteFunc(append([]string{raisedBy}, s.StaffIDs...), func(id string) bool { return id == a.UserID() })
	d := sessionNotice(s)
	d.Household, d.Category = household, category
	return notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeConcernResolved, Recipients: to, SessionID: sessionID, Data: d})
}
