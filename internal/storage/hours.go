package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

// ClassHours tallies the delivered after-school and holiday-class sessions of a community on
// local dates f.From..f.To: coordinators of the community, administrators and the viewers of a
// region above it (401, 404, 403,
// then 400 for the filter). Storage reads each session once, with its attended children counted
// by the index; the grouping, the arithmetic and the month in the community's zone are
// linli.ClassHoursTally's.
func (s Attendance) ClassHours(ctx context.Context, a *linli.Actor, f linli.ClassHoursFilter) (*linli.ClassHoursReport, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	if f.CommunityID == "" {
		return nil, linli.Invalid("community_id", "community_id is required")
	}
	if _, err := authorize(ctx, s.read, a, linli.ActReadReports, linli.ObjCommunity, f.CommunityID); err != nil {
		return nil, err
	}
	c, err := Communities{s.DB}.FindCommunity(ctx, f.CommunityID)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	tally := linli.NewClassHoursTally(f.GroupBy, c.Location(), a.User.Locale)
	if err := tallyDelivered(ctx, s.read, f, tally); err != nil {
		return nil, translate(err)
	}
	var ratings map[string]linli.Rating
	if f.GroupBy == linli.ClassHoursByProgram {
		if ratings, err = programRatings(ctx, s.read, f); err != nil {
			return nil, translate(err)
		}
	}
	rep := &linli.ClassHoursReport{CommunityID: c.ID, GroupBy: f.GroupBy}
	if !f.From.IsZero() {
		rep.From = &f.From
	}
	if !f.To.IsZero() {
		rep.To = &f.To
	}
	var names map[string]string
	if f.GroupBy == linli.ClassHoursByTeacher {
		if names, err = userNames(ctx, s.read, tally.Keys()); err != nil {
			return nil, translate(err)
		}
	}
	rep.Rows, rep.Totals = tally.Result(names, ratings)
	return rep, nil
}

// deliveredWhere is the condition, and its arguments, that keeps the delivered sessions s the
// class-hours filter f counts. The instant bounds let the index on (community_id, starts_at)
// do the work; local_date decides.
func deliveredWhere(f linli.ClassHoursFilter) (string, []any) {
	where := []string{`s.community_id = ?`, `s.status = 'delivered'`, `s.kind IN ('after_school', 'holiday_class')`}
	args := []any{f.CommunityID}
	if !f.From.IsZero() {
		where = append(where, `s.starts_at >= ?`, `s.local_date >= ?`)
		args = append(args, fmtTime(f.From.At(linli.Clock{}, time.UTC).Add(-maxZoneOffset)), f.From.String())
	}
	if !f.To.IsZero() {
		where = append(where, `s.starts_at < ?`, `s.local_date <= ?`)
		args = append(args, fmtTime(f.To.AddDays(1).At(linli.Clock{}, time.UTC).Add(maxZoneOffset)), f.To.String())
	}
	return strings.Join(where, " AND "), args
}

// tallyDelivered adds the sessions f counts to the tally, each once: its kind, length, lesson
// minutes and attended children, and what the grouping reads (program, category, start or staff),
// the attended children and the staff read by correlated subqueries on their indexes. Each
// session's row stays narrow: the columns a grouping does not read are NULL.
func tallyDelivered(ctx context.Context, q querier, f linli.ClassHoursFilter, tally interface{ Add(*linli.DeliveredSession) }) error {
	titles := map[string]string{}
	if f.GroupBy == linli.ClassHoursByProgram {
		err := forRows(ctx, q, `SELECT id, title FROM programs WHERE community_id = ?`, []any{f.CommunityID}, func(r *sql.Rows) error {
			var id, title string
			err := r.Scan(&id, &title)
			titles[id] = title
			return err
		})
		if err != nil {
			return err
		}
	}
	column := func(groupBy, expr string) string {
		if f.GroupBy == groupBy {
			return expr
		}
		return `NULL`
	}
	staff := `NULL`
	switch f.GroupBy {
	case linli.ClassHoursByTeacherType:
		staff = `(SELECT group_concat(x.teacher_type) FROM session_staff x WHERE x.session_id = s.id)`
	case linli.ClassHoursByTeacher:
		staff = `(SELECT group_concat(x.user_id) FROM session_staff x WHERE x.session_id = s.id)`
	}
	where, args := deliveredWhere(f)
	var d linli.DeliveredSession
	return forRows(ctx, q, `SELECT s.kind, unixepoch(s.ends_at) - unixepoch(s.starts_at), COALESCE(p.lesson_minutes, m.lesson_minutes),
			(SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id AND a.status IN ('present', 'late')),
			`+column(linli.ClassHoursByProgram, `s.program_id`)+`, `+column(linli.ClassHoursByCategory, `s.category`)+`,
			`+column(linli.ClassHoursByMonth, `s.starts_at`)+`, `+staff+`
		FROM sessions s JOIN programs p ON p.id = s.program_id JOIN communities m ON m.id = s.community_id
		WHERE `+where, args, func(r *sql.Rows) error {
		var seconds int64
		var program, category, staff sql.NullString
		var start nullInstant
		if err := r.Scan(&d.Kind, &seconds, &d.LessonMinutes, &d.Attended, &program, &category, &start, &staff); err != nil {
			return err
		}
		d.Length, d.ProgramID, d.ProgramTitle, d.Category = time.Duration(seconds)*time.Second, program.String, titles[program.String], category.String
		if start.Valid {
			d.StartsAt = start.Time
		}
		d.Staff = d.Staff[:0]
		if staff.Valid {
			for v := range strings.SplitSeq(staff.String, ",") {
				if f.GroupBy == linli.ClassHoursByTeacher {
					d.Staff = append(d.Staff, linli.StaffMember{ID: v})
				} else {
					d.Staff = append(d.Staff, linli.StaffMember{TeacherType: v})
				}
			}
		}
		tally.Add(&d)
		return nil
	})
}

// userNames returns the names of the users with the given ids.
func userNames(ctx context.Context, q querier, ids []string) (map[string]string, error) {
	names := map[string]string{}
	return names, forRows(ctx, q, `SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))`, []any{jsonList(ids)}, func(r *sql.Rows) error {
		var id, name string
		err := r.Scan(&id, &name)
		names[id] = name
		return err
	})
}

// programRatings sums the guardians' ratings of the sessions f counts, by program.
func programRatings(ctx context.Context, q querier, f linli.ClassHoursFilter) (map[string]linli.Rating, error) {
	where, args := deliveredWhere(f)
	out := map[string]linli.Rating{}
	return out, forRows(ctx, q, `SELECT s.program_id, SUM(x.rating), COUNT(*) FROM session_feedback x JOIN sessions s ON s.id = x.session_id
		WHERE `+where+` GROUP BY s.program_id`, args, func(r *sql.Rows) error {
		var id string
		var rt linli.Rating
		if err := r.Scan(&id, &rt.Sum, &rt.Count); err != nil {
			return err
		}
		out[id] = rt
		return nil
	})
}

// GiveFeedback records a guardian's rating of a delivered session their child attended: 409
// before the session is delivered or when the child's rating is already given, 422 when the
// child did not attend.
func (s Attendance) GiveFeedback(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.NewFeedback]) (*linli.Feedback, error) {
	var fb *linli.Feedback
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActRateSession, linli.ObjSession, id); err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		if in.ChildID != "" {
			var mine bool
			err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM child_guardians WHERE child_id = ? AND user_id = ?)`, in.ChildID, a.UserID()).Scan(&mine)
			if err != nil {
				return err
			}
			if !mine {
				return &linli.Error{Code: linli.ENotFound, Field: "child_id", Message: "child not found"}
			}
		}
		if err := in.Validate(); err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := linli.CheckRateable(sess); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.child_id FROM attendance a JOIN child_guardians g ON g.child_id = a.child_id
			WHERE a.session_id = ? AND g.user_id = ? AND a.status IN ('present', 'late') ORDER BY a.id`, id, a.UserID())
		if err != nil {
			return err
		}
		attended, err := scanStrings(rows)
		if err != nil {
			return err
		}
		child, err := linli.FeedbackChild(in.ChildID, attended)
		if err != nil {
			return err
		}
		fb = &linli.Feedback{SessionID: id, ChildID: child, Rating: in.Rating, Comment: in.Comment, CreatedAt: tx.Now.In(sess.StartsAt.Location())}
		err = tx.QueryRowContext(ctx, `INSERT INTO session_feedback (session_id, program_id, child_id, user_id, rating, comment, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, sess.ProgramID, child, a.UserID(), in.Rating, in.Comment, fmtTime(tx.Now)).Scan(&fb.ID)
		if linli.ErrorCode(translate(err)) == linli.EConflict {
			return &linli.Error{Code: linli.EConflict, Field: "child_id", Message: "this child's rating of the session is already given"}
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, sess.CommunityID, "feedback.create", "session", id, map[string]any{"child_id": child, "rating": in.Rating})
	})
	return fb, err
}
