package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// loadCourseRound reads what linli.CourseRound.Refill decides on for a drawn round, its
// programs' sessions and its waiting children taken first (Tx.lock) so that their seats and
// times stay exact: each program's round
// sessions not started with their free seats, its waiting list, and each waiting application's
// size, remaining wishes, places and the times its children are confirmed elsewhere. A round not
// drawn is nil.
func loadCourseRound(ctx context.Context, tx *Tx, roundID string) (*linli.CourseRound, error) {
	r := &linli.CourseRound{Programs: map[string]*linli.CourseProgram{}, Applications: map[string]*linli.CourseApplication{}}
	var closed string
	var drawn sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT max_places_per_child, COALESCE(closed_at, ''), drawn_at FROM rounds WHERE id = ?`, roundID).
		Scan(&r.MaxPlaces, &closed, &drawn)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !drawn.Valid {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := fmtTime(tx.Now)
	inRound := `program_id IN (SELECT program_id FROM round_programs WHERE round_id = ?) AND status = 'scheduled' AND starts_at > ? AND starts_at > ?`
	if err := tx.lockWhere(ctx, "sessions", inRound, roundID, closed, now); err != nil {
		return nil, err
	}
	// The waiting children too, as a booking takes its child after its session: what they are
	// confirmed in elsewhere stays as read until the promotions are written.
	if err := tx.lockWhere(ctx, "children", `id IN (SELECT c.child_id FROM round_application_children c JOIN round_waitlist w
		ON w.application_id = c.application_id AND w.round_id = ? AND w.status = 'waiting')`, roundID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT program_id FROM round_programs WHERE round_id = ? ORDER BY program_id`, roundID)
	if err != nil {
		return nil, err
	}
	programs, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	for _, id := range programs {
		r.Programs[id] = &linli.CourseProgram{ID: id}
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, program_id, starts_at, ends_at, capacity - confirmed FROM sessions
		WHERE `+inRound+` ORDER BY program_id, starts_at, id`, roundID, closed, now)
	if err != nil {
		return nil, err
	}
	err = scanEach(rows, func(rows *sql.Rows) error {
		var s linli.CourseSession
		var program string
		var start, end instant
		if err := rows.Scan(&s.ID, &program, &start, &end, &s.Free); err != nil {
			return err
		}
		s.Span = linli.Span{StartsAt: start.Time, EndsAt: end.Time}
		p := r.Programs[program]
		p.Sessions = append(p.Sessions, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, loadCourseApplications(ctx, tx, r, roundID)
}

// loadCourseApplications reads the waiting lists of the round and the applications in them.
func loadCourseApplications(ctx context.Context, tx *Tx, r *linli.CourseRound, roundID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT w.program_id, w.application_id, a.size FROM round_waitlist w
		JOIN round_applications a ON a.id = w.application_id
		WHERE w.round_id = ? AND w.status = 'waiting' ORDER BY w.program_id, w.position`, roundID)
	if err != nil {
		return err
	}
	var ids []string
	err = scanEach(rows, func(rows *sql.Rows) error {
		var program, app string
		var size int
		if err := rows.Scan(&program, &app, &size); err != nil {
			return err
		}
		if p := r.Programs[program]; p != nil {
			p.Line = append(p.Line, app)
		}
		if r.Applications[app] == nil {
			r.Applications[app] = &linli.CourseApplication{ID: app, Size: size}
			ids = append(ids, app)
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	list := jsonList(ids)
	if err := appendPrograms(ctx, tx, r, func(a *linli.CourseApplication) *[]string { return &a.Wishes }, `SELECT application_id, program_id FROM round_wishes
		WHERE application_id IN (SELECT value FROM json_each(?)) AND removed_at_close = 0 ORDER BY application_id, rank`, list); err != nil {
		return err
	}
	if err := appendPrograms(ctx, tx, r, func(a *linli.CourseApplication) *[]string { return &a.Places }, `SELECT application_id, program_id FROM round_places
		WHERE application_id IN (SELECT value FROM json_each(?)) AND status = 'placed' ORDER BY application_id, program_id`, list); err != nil {
		return err
	}
	// The children's other confirmed bookings not ended: those of the application's own places
	// are its places' sessions, which Refill knows.
	rows, err = tx.QueryContext(ctx, `SELECT rc.application_id, s.starts_at, s.ends_at FROM round_application_children rc
		JOIN bookings b ON b.child_id = rc.child_id JOIN sessions s ON s.id = b.session_id
		WHERE rc.round_id = ? AND rc.application_id IN (SELECT value FROM json_each(?)) AND b.status = 'confirmed' AND s.ends_at > ?
			AND NOT EXISTS (SELECT 1 FROM round_places p WHERE p.id = b.round_place_id AND p.application_id = rc.application_id AND p.status = 'placed')
		ORDER BY rc.application_id, s.starts_at`, roundID, list, fmtTime(tx.Now))
	if err != nil {
		return err
	}
	return scanEach(rows, func(rows *sql.Rows) error {
		var app string
		var start, end instant
		if err := rows.Scan(&app, &start, &end); err != nil {
			return err
		}
		a := r.Applications[app]
		a.Busy = append(a.Busy, linli.Span{StartsAt: start.Time, EndsAt: end.Time})
		return nil
	})
}

// scanEach calls fn on each row of rows and closes them.
func scanEach(rows *sql.Rows, fn func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// appendPrograms runs query, whose rows are (application id, program id), and appends each
// program to the list of its application that field picks.
func appendPrograms(ctx context.Context, tx *Tx, r *linli.CourseRound, field func(*linli.CourseApplication) *[]string, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return scanEach(rows, func(rows *sql.Rows) error {
		var app, program string
		if err := rows.Scan(&app, &program); err != nil {
			return err
		}
		list := field(r.Applications[app])
		*list = append(*list, program)
		return nil
	})
}
