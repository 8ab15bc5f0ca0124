package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// coursePlace is a place of a drawn round: a course booking of one application in one program.
type coursePlace struct {
	id, roundID, communityID, applicationID, programID, status string
}

// readPlace reads the place id with its round's community.
func readPlace(ctx context.Context, tx *Tx, id string) (coursePlace, error) {
	p := coursePlace{id: id}
	err := tx.QueryRowContext(ctx, `SELECT p.round_id, r.community_id, p.application_id, p.program_id, p.status
		FROM round_places p JOIN rounds r ON r.id = p.round_id WHERE p.id = ?`, id).
		Scan(&p.roundID, &p.communityID, &p.applicationID, &p.programID, &p.status)
	return p, err
}

// cancelCourse ends the place placeID after one of its bookings (in session first) was cancelled
// (by says who): all its bookings of sessions not started are cancelled and the place too; the
// freed seats go as courses to the round's waiting lists (linli.CourseRound.Refill), and what no
// course takes goes to each session's own line, as any freed seat does.
func cancelCourse(ctx context.Context, tx *Tx, a *linli.Actor, placeID, first, by string) error {
	p, err := readPlace(ctx, tx, placeID)
	if err != nil {
		return err
	}
	freed := []string{first}
	if p.status == "placed" {
		ended, err := endPlace(ctx, tx, a, p, "cancelled", by)
		if err != nil {
			return err
		}
		freed = append(freed, ended...)
		more, err := refillRound(ctx, tx, a, p.roundID, p.communityID, p.programID)
		if err != nil {
			return err
		}
		freed = append(freed, more...)
	}
	seen := map[string]bool{}
	for _, sid := range freed {
		if seen[sid] {
			continue
		}
		seen[sid] = true
		if err := promote(ctx, tx, a, sid); err != nil {
			return err
		}
	}
	return nil
}

// endPlace cancels the place's active bookings of sessions not started and gives the place the
// status (cancelled or released); it answers the sessions whose seats it freed.
func endPlace(ctx context.Context, tx *Tx, a *linli.Actor, p coursePlace, status, by string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT b.id, b.session_id, b.child_id, b.status, b.arrival
		FROM bookings b JOIN sessions s ON s.id = b.session_id
		WHERE b.round_place_id = ? AND b.status IN ('confirmed', 'waitlisted') AND s.starts_at > ?
		ORDER BY s.starts_at, b.id`, p.id, fmtTime(tx.Now))
	if err != nil {
		return nil, err
	}
	var active []bookingRow
	for rows.Next() {
		var b bookingRow
		var child sql.NullString
		if err := rows.Scan(&b.id, &b.sessionID, &child, &b.status, &b.arrival); err != nil {
			rows.Close()
			return nil, err
		}
		b.childID = child.String
		active = append(active, b)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var sessions []string
	for i := range active {
		if err := endBooking(ctx, tx, a, &active[i], p.communityID, map[string]any{"by": by, "round_place_id": p.id}); err != nil {
			return nil, err
		}
		sessions = append(sessions, active[i].sessionID)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE round_places SET status = ?, updated_at = ? WHERE id = ?`, status, fmtTime(tx.Now), p.id); err != nil {
		return nil, err
	}
	detail := map[string]any{"by": by, "program_id": p.programID, "application_id": p.applicationID, "bookings_cancelled": len(active)}
	return sessions, tx.audit(ctx, a, p.communityID, "round_place."+status, "round_place", p.id, detail)
}

// refillRound gives the free seats of the round's program freed to its waiting list as
// linli.CourseRound.Refill decides, and makes its moves: new places with their bookings, places
// released, waiting entries promoted or left. It answers the sessions whose seats releases freed.
func refillRound(ctx context.Context, tx *Tx, a *linli.Actor, roundID, communityID, freed string) ([]string, error) {
	r, err := loadCourseRound(ctx, tx, roundID)
	if err != nil || r == nil {
		return nil, err
	}
	var sessions []string
	promotedTo := map[string]string{} // application → the program it was just promoted to
	for _, m := range r.Refill(freed) {
		switch m.Kind {
		case linli.CoursePromoted:
			promotedTo[m.ApplicationID] = m.ProgramID
			err = promoteCourse(ctx, tx, a, roundID, communityID, r.Programs[m.ProgramID], m.ApplicationID)
		case linli.CourseReleased:
			var p coursePlace
			err = tx.QueryRowContext(ctx, `SELECT id FROM round_places WHERE application_id = ? AND program_id = ? AND status = 'placed'`,
				m.ApplicationID, m.ProgramID).Scan(&p.id)
			if err == nil {
				p.roundID, p.communityID, p.applicationID, p.programID = roundID, communityID, m.ApplicationID, m.ProgramID
				var ended []string
				ended, err = endPlace(ctx, tx, a, p, "released", "promotion")
				sessions = append(sessions, ended...)
			}
			if err == nil {
				err = notifyReleased(ctx, tx, roundID, m.ApplicationID, promotedTo[m.ApplicationID], m.ProgramID)
			}
		case linli.CourseLeft:
			_, err = tx.ExecContext(ctx, `UPDATE round_waitlist SET status = 'left' WHERE round_id = ? AND program_id = ? AND application_id = ?`,
				roundID, m.ProgramID, m.ApplicationID)
		}
		if err != nil {
			return nil, err
		}
	}
	return sessions, nil
}

// notifyReleased tells the guardians of the application's children that its promotion to the
// program higher gave up its place in the program released.
func notifyReleased(ctx context.Context, tx *Tx, roundID, applicationID, higher, released string) error {
	note := &linli.RoundNotice{RoundID: roundID, ApplicationID: applicationID}
	var high, low string
	if err := tx.QueryRowContext(ctx, `SELECT r.title, COALESCE(h.title, ''), l.title FROM rounds r
		JOIN programs l ON l.id = ? LEFT JOIN programs h ON h.id = ? WHERE r.id = ?`, released, higher, roundID).Scan(&note.Title, &high, &low); err != nil {
		return err
	}
	note.Placed, note.Removed = []string{high}, []string{low}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT g.user_id FROM round_application_children c
		JOIN child_guardians g ON g.child_id = c.child_id WHERE c.application_id = ? ORDER BY g.user_id`, applicationID)
	if err != nil {
		return err
	}
	to, err := scanStrings(rows)
	if err != nil || len(to) == 0 {
		return err
	}
	return notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeRoundPlaceReleased, Recipients: to, Key: applicationID + "|" + released,
		Data: linli.NoticeData{Title: note.Title, Round: note}})
}

// promoteCourse gives the application a place in the program p from its waiting list: a booking
// for each of its children in each of p's round sessions not started, and tells their guardians.
func promoteCourse(ctx context.Context, tx *Tx, a *linli.Actor, roundID, communityID string, p *linli.CourseProgram, applicationID string) error {
	placeID, now := newID(), fmtTime(tx.Now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO round_places (id, round_id, application_id, program_id, status, drawn, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'placed', 0, ?, ?)`, placeID, roundID, applicationID, p.ID, now, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE round_waitlist SET status = 'promoted' WHERE round_id = ? AND program_id = ? AND application_id = ?`,
		roundID, p.ID, applicationID); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT child_id FROM round_application_children WHERE application_id = ? ORDER BY child_id`, applicationID)
	if err != nil {
		return err
	}
	kids, err := scanStrings(rows)
	if err != nil {
		return err
	}
	for _, s := range p.Sessions {
		if err := bookCourseSession(ctx, tx, a, communityID, placeID, s.ID, kids); err != nil {
			return err
		}
	}
	detail := map[string]any{"program_id": p.ID, "application_id": applicationID, "sessions": len(p.Sessions), "children": len(kids)}
	if err := tx.audit(ctx, a, communityID, "round_place.promote", "round_place", placeID, detail); err != nil {
		return err
	}
	if len(p.Sessions) == 0 || len(kids) == 0 {
		return nil
	}
	return notifyPromoted(ctx, tx, p.Sessions[0].ID, kids)
}

// bookCourseSession confirms kids in the session as bookings of the place; a place in the
// session's own line that one of them held gives way to it.
func bookCourseSession(ctx context.Context, tx *Tx, a *linli.Actor, communityID, placeID, sessionID string, kids []string) error {
	for _, k := range kids {
		b := bookingRow{childID: k, sessionID: sessionID}
		err := tx.QueryRowContext(ctx, `SELECT id, status, arrival FROM bookings WHERE session_id = ? AND child_id = ? AND status = 'waitlisted'`,
			sessionID, k).Scan(&b.id, &b.status, &b.arrival)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if err := endBooking(ctx, tx, a, &b, communityID, map[string]any{"by": "course_promotion"}); err != nil {
			return err
		}
	}
	var arrival int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO session_lines (session_id, arrivals, waiting) VALUES (?, 1, 0)
		ON CONFLICT (session_id) DO UPDATE SET arrivals = session_lines.arrivals + 1 RETURNING arrivals`, sessionID).Scan(&arrival); err != nil {
		return err
	}
	now := fmtTime(tx.Now)
	for _, k := range kids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at, round_place_id)
			VALUES (?, ?, ?, ?, 'confirmed', ?, ?, ?)`, newID(), sessionID, k, arrival, now, now, placeID); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed + ? WHERE id = ?`, len(kids), sessionID)
	return err
}

// endChildRounds ends, before the child childID is deleted, its applications in rounds still
// open, and the part it has in drawn rounds:
// its applications leave every waiting list, and their places are cancelled whole (siblings
// are placed together or not at all), their seats going as courses to the waiting lists. It
// answers the sessions whose seats it freed, for their own lines.
func endChildRounds(ctx context.Context, tx *Tx, a *linli.Actor, childID string) ([]string, error) {
	apps := `SELECT application_id FROM round_application_children WHERE child_id = ?`
	// A round not closed yet forgets the child: an application of it alone is withdrawn, one of
	// siblings shrinks to the others. A closed round keeps the facts it published (its digest holds
	// each size); the draw books the children who remain.
	notClosed := apps + ` AND round_id IN (SELECT id FROM rounds WHERE closed_at IS NULL)`
	if _, err := tx.ExecContext(ctx, `DELETE FROM round_applications WHERE size = 1 AND id IN (`+notClosed+`)`, childID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE round_applications SET size = size - 1, updated_at = ? WHERE id IN (`+notClosed+`)`,
		fmtTime(tx.Now), childID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE round_waitlist SET status = 'left' WHERE status = 'waiting' AND application_id IN (`+apps+`)
		AND round_id IN (SELECT id FROM rounds WHERE drawn_at IS NOT NULL)`, childID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM round_places WHERE status = 'placed' AND application_id IN (`+apps+`) ORDER BY id`, childID)
	if err != nil {
		return nil, err
	}
	places, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	var freed []string
	for _, id := range places {
		p, err := readPlace(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		ended, err := endPlace(ctx, tx, a, p, "cancelled", "child_deleted")
		if err != nil {
			return nil, err
		}
		more, err := refillRound(ctx, tx, a, p.roundID, p.communityID, p.programID)
		if err != nil {
			return nil, err
		}
		freed = append(append(freed, ended...), more...)
	}
	return freed, nil
}
