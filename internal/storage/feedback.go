package storage

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/linli/linli/internal/linli"
)

// ProgramFeedback lists the ratings of the program's sessions, newest first, to the coordinators
// of its community (401, 404, or 403 for whoever else sees the program): the rating, the comment
// and when, never who gave it or for which child.
func (s Attendance) ProgramFeedback(ctx context.Context, a *linli.Actor, programID string, p linli.Page) ([]linli.ProgramRating, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadFeedback, linli.ObjProgram, programID); err != nil {
		return nil, "", err
	}
	var tz string
	if err := s.read.QueryRowContext(ctx, `SELECT m.timezone FROM programs p JOIN communities m ON m.id = p.community_id WHERE p.id = ?`, programID).Scan(&tz); err != nil {
		return nil, "", translate(err)
	}
	loc := location(tz)
	type row struct {
		id int64
		linli.ProgramRating
	}
	rows, next, err := listPage(ctx, s.read, p, `SELECT f.id, f.session_id, x.starts_at, f.rating, f.comment, f.created_at
		FROM session_feedback f JOIN sessions x ON x.id = f.session_id
		WHERE f.program_id = ?1 AND (?2 = '' OR f.id < CAST(NULLIF(?2, '') AS INTEGER)) ORDER BY f.id DESC LIMIT ?3`,
		func(r *sql.Rows) (row, error) {
			var fb row
			var starts, created string
			err := r.Scan(&fb.id, &fb.SessionID, &starts, &fb.Rating, &fb.Comment, &created)
			fb.StartsAt, fb.CreatedAt = parseTime(starts).In(loc), parseTime(created).In(loc)
			return fb, err
		},
		func(fb row) string { return strconv.FormatInt(fb.id, 10) }, programID)
	out := make([]linli.ProgramRating, len(rows))
	for i, r := range rows {
		out[i] = r.ProgramRating
	}
	return out, next, err
}
