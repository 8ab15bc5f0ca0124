package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// bookingRow is a stored booking and whether the actor is a guardian of its child.
type bookingRow struct {
	id, sessionID, childID, status string
	arrival                        int64
	guardian                       bool
}

// CancelBooking cancels a booking in the next group commit: a guardian of its child until the
// program's cutoff, a coordinator of the session's community (or an administrator) until the
// session starts. Anyone else gets 404. Cancelling a cancelled booking again changes nothing.
// The freed seat goes to the line in the same transaction. A booking of a round's place cancels
// the whole course (see cancelCourse).
func (s Bookings) CancelBooking(ctx context.Context, a *linli.Actor, id string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	if !validID(id) {
		return linli.NotFound("booking")
	}
	return s.inBatch(ctx, func(ctx context.Context, tx *batchTx) error {
		var b bookingRow
		var child, place sql.NullString
		if err := tx.lock(ctx, "bookings", id); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT b.id, b.session_id, b.child_id, b.status, b.arrival,
				EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = b.child_id AND g.user_id = ?), b.round_place_id
			FROM bookings b WHERE b.id = ?`, a.UserID(), id).Scan(&b.id, &b.sessionID, &child, &b.status, &b.arrival, &b.guardian, &place)
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound("booking")
		}
		if err != nil {
			return err
		}
		b.childID = child.String
		t, err := readTarget(ctx, tx.Tx, b.sessionID, "")
		if err != nil {
			return err
		}
		booking := linli.Object{Kind: linli.ObjBooking, CommunityID: t.communityID, GuardianIDs: guardedBy(a, b.guardian)}
		if err := linli.Authorize(a, linli.ActCancelBooking, booking); err != nil {
			return err
		}
		office := a.IsCoordinatorOf(t.communityID)
		if cancel, err := t.CheckCancelBooking(b.status, office, tx.Now); !cancel || err != nil {
			return err
		}
		by := "guardian"
		if office {
			by = "office"
		}
		if err := endBooking(ctx, tx.Tx, a, &b, t.communityID, map[string]any{"by": by}); err != nil {
			return err
		}
		if place.Valid {
			// A place of an application round is a course booking: it ends whole.
			return cancelCourse(ctx, tx.Tx, a, place.String, b.sessionID, by)
		}
		return promote(ctx, tx.Tx, a, b.sessionID)
	})
}

// endBooking cancels an active booking and keeps the session's counters and line exact; the
// caller promotes afterwards.
func endBooking(ctx context.Context, tx *Tx, a *linli.Actor, b *bookingRow, communityID string, detail map[string]any) error {
	if _, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?`, fmtTime(tx.Now), b.id); err != nil {
		return err
	}
	if b.status == linli.BookingConfirmed {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed - 1 WHERE id = ?`, b.sessionID); err != nil {
			return err
		}
	} else {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET waitlisted = waitlisted - 1 WHERE id = ?`, b.sessionID); err != nil {
			return err
		}
		// The place in line goes only with the last sibling of its group.
		if _, err := tx.ExecContext(ctx, `UPDATE session_lines SET waiting = waiting - 1 WHERE session_id = ?1
			AND NOT EXISTS (SELECT 1 FROM bookings WHERE session_id = ?1 AND status = 'waitlisted' AND arrival = ?2)`,
			b.sessionID, b.arrival); err != nil {
			return err
		}
	}
	detail["session_id"], detail["child_id"], detail["was"] = b.sessionID, b.childID, b.status
	return tx.audit(ctx, a, communityID, "booking.cancel", "booking", b.id, detail)
}

// promoteAtOnce is how many places in line promote reads the children's bookings of at once: a
// seat freed in a session with a long line costs a look at its head, not at the whole line.
const promoteAtOnce = 32

// promote gives the free seats of a session to its line as linli's BookingTarget.Promote
// chooses, from the line and its children's other bookings. It decides on the line part by part
// from its head, which chooses as on the whole line (see Promote), until no seat is left. Every
// session change that frees seats calls it in its transaction.
func promote(ctx context.Context, tx *Tx, a *linli.Actor, sessionID string) error {
	t, err := readTarget(ctx, tx, sessionID, "")
	if err != nil {
		return err
	}
	if t.LineSeats(tx.Now) == 0 {
		return nil
	}
	line, err := readLine(ctx, tx, t)
	if err != nil {
		return err
	}
	for len(line) > 0 && t.LineSeats(tx.Now) > 0 {
		part := line[:min(promoteAtOnce, len(line))]
		line = line[len(part):]
		var kids []linli.BookingChild
		for _, g := range part {
			kids = append(kids, g.Children...)
		}
		if err := loadChildBookings(ctx, tx, t, kids); err != nil {
			return err
		}
		for i := range part {
			part[i].Children, kids = kids[:len(part[i].Children)], kids[len(part[i].Children):]
		}
		for _, g := range t.Promote(part, tx.Now) {
			if err := confirmGroup(ctx, tx, a, t, g); err != nil {
				return err
			}
			t.Confirmed += len(g.Children)
		}
	}
	return nil
}

// readLine reads the places in t's line in arrival order, each child with its birth date.
func readLine(ctx context.Context, tx *Tx, t *bookingTarget) ([]linli.WaitingGroup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT b.id, b.child_id, b.arrival, c.birth_date FROM bookings b JOIN children c ON c.id = b.child_id
		WHERE b.session_id = ? AND b.status = 'waitlisted' ORDER BY b.arrival, b.id`, t.SessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var line []linli.WaitingGroup
	for rows.Next() {
		var id, birth string
		var arrival int64
		var k linli.BookingChild
		if err := rows.Scan(&id, &k.ID, &arrival, &birth); err != nil {
			return nil, err
		}
		if k.Birth, err = linli.ParseDate(birth); err != nil {
			return nil, err
		}
		if n := len(line); n == 0 || line[n-1].Arrival != arrival {
			line = append(line, linli.WaitingGroup{Arrival: arrival})
		}
		g := &line[len(line)-1]
		g.BookingIDs, g.Children = append(g.BookingIDs, id), append(g.Children, k)
	}
	return line, rows.Err()
}

// loadChildBookings gives each child its active bookings of the sessions overlapping t's time, t
// among them, and the round sessions of its wishes at that time (see findChild).
func loadChildBookings(ctx context.Context, q querier, t *bookingTarget, kids []linli.BookingChild) error {
	ids, at := make([]string, len(kids)), make(map[string]int, len(kids))
	for i, k := range kids {
		ids[i], at[k.ID] = k.ID, i
	}
	rows, err := q.QueryContext(ctx, `SELECT b.child_id AS child, b.session_id AS session, b.status, s.starts_at AS starts, s.ends_at
		FROM bookings b JOIN sessions s ON s.id = b.session_id
		WHERE b.child_id IN (SELECT value FROM json_each(?1)) AND b.status IN ('confirmed', 'waitlisted')
			AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?4
		UNION ALL `+roundWishSessionsOf+`
		ORDER BY child, starts, session`,
		jsonList(ids), fmtTime(t.StartsAt.Add(-linli.MaxSessionLength)), fmtTime(t.EndsAt), fmtTime(t.StartsAt))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var child string
		var b linli.ChildBooking
		var start, end instant
		if err := rows.Scan(&child, &b.SessionID, &b.Status, &start, &end); err != nil {
			return err
		}
		b.StartsAt, b.EndsAt = start.Time, end.Time
		k := &kids[at[child]]
		k.Bookings = append(k.Bookings, b)
	}
	return rows.Err()
}

// confirmGroup confirms one place in line, moving its children from the line to the seats, and
// tells their guardians.
func confirmGroup(ctx context.Context, tx *Tx, a *linli.Actor, t *bookingTarget, g linli.WaitingGroup) error {
	if _, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'confirmed', updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`,
		fmtTime(tx.Now), jsonList(g.BookingIDs)); err != nil {
		return err
	}
	n := len(g.BookingIDs)
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed + ?1, waitlisted = waitlisted - ?1 WHERE id = ?2`, n, t.SessionID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE session_lines SET waiting = waiting - 1 WHERE session_id = ?`, t.SessionID); err != nil {
		return err
	}
	for i, id := range g.BookingIDs {
		detail := map[string]any{"session_id": t.SessionID, "child_id": g.Children[i].ID, "status": linli.BookingConfirmed}
		if err := tx.audit(ctx, a, t.communityID, "booking.promote", "booking", id, detail); err != nil {
			return err
		}
	}
	return notifyPromoted(ctx, tx, t.SessionID, g.ChildIDs())
}

// endSessionBookings ends the active bookings of a session being cancelled, in its transaction:
// they become session_cancelled and the session holds no seats and no line any more.
func endSessionBookings(ctx context.Context, tx *Tx, sessionID string) error {
	rows, err := tx.QueryContext(ctx, `UPDATE bookings SET status = 'session_cancelled', updated_at = ?
		WHERE session_id = ? AND status IN ('confirmed', 'waitlisted') RETURNING id`, fmtTime(tx.Now), sessionID)
	if err != nil {
		return err
	}
	ended, err := scanStrings(rows)
	if err != nil || len(ended) == 0 {
		return err
	}
	var communityID string
	if err := tx.QueryRowContext(ctx, `UPDATE sessions SET confirmed = 0, waitlisted = 0 WHERE id = ? RETURNING community_id`, sessionID).Scan(&communityID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE session_lines SET waiting = 0 WHERE session_id = ?`, sessionID); err != nil {
		return err
	}
	return tx.audit(ctx, nil, communityID, "booking.session_cancelled", "session", sessionID, map[string]any{"booking_ids": ended})
}

// DeleteChild deletes one of the actor's children in the next group commit: first its bookings
// of sessions yet to start are cancelled (their seats go to the line; its places in drawn rounds
// whole, see endChildRounds), then the child and all stored about it. Bookings of sessions that
// have started stay as anonymous counts.
func (s Bookings) DeleteChild(ctx context.Context, a *linli.Actor, id string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	return s.inBatch(ctx, func(ctx context.Context, tx *batchTx) error {
		if err := guardianOf(ctx, tx, a, id); err != nil {
			return err
		}
		freed, err := endChildRounds(ctx, tx.Tx, a, id)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT b.id, b.session_id, b.status, b.arrival, s.community_id
			FROM bookings b JOIN sessions s ON s.id = b.session_id
			WHERE b.child_id = ? AND b.status IN ('confirmed', 'waitlisted') AND s.starts_at > ? ORDER BY s.starts_at, b.id`, id, fmtTime(tx.Now))
		if err != nil {
			return err
		}
		var future []bookingRow
		var communities []string
		for rows.Next() {
			b := bookingRow{childID: id, guardian: true}
			var community string
			if err := rows.Scan(&b.id, &b.sessionID, &b.status, &b.arrival, &community); err != nil {
				rows.Close()
				return err
			}
			future, communities = append(future, b), append(communities, community)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for i := range future {
			if err := endBooking(ctx, tx.Tx, a, &future[i], communities[i], map[string]any{"by": "child_deleted"}); err != nil {
				return err
			}
		}
		for _, b := range future {
			freed = append(freed, b.sessionID)
		}
		for _, sid := range freed {
			if err := promote(ctx, tx.Tx, a, sid); err != nil {
				return err
			}
		}
		// Replayable answers of the guardians' create requests may carry the child's name, notes
		// or pickup persons: they go with the child rather than after 24 hours.
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope IN
			(SELECT 'user:' || user_id FROM child_guardians WHERE child_id = ?)`, id); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM children WHERE id = ?`, id).Scan(&name); err != nil {
			return err
		}
		if err := eraseChildNotices(ctx, tx, id, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM children WHERE id = ?`, id); err != nil {
			return err
		}
		// secure_delete zeroes the deleted index entries, but a rebalanced index page may keep
		// bytes of a moved entry (a pickup phone number) in its free gap; rebuilt, the old pages
		// are freed and zeroed (TestDeletedPickupPhonesLeaveNoRemnant).
		if err := tx.reindex(ctx, "INDEX", "pickup_persons_child_phone", "pickup_delegations_child_date_phone"); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "child.delete", "child", id, map[string]int{"bookings_cancelled": len(future)})
	})
}
