package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// guardedChild reads whether a child exists and a guards it, and its birth date; a child a may
// not manage is 404 naming field (linli.ActManageChild).
func guardedChild(ctx context.Context, q querier, a *linli.Actor, id, field string) (linli.Date, error) {
	var birth string
	var mine bool
	found := false
	if validID(id) {
		err := q.QueryRowContext(ctx, `SELECT c.birth_date, EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = c.id AND g.user_id = ?)
			FROM children c WHERE c.id = ?`, a.UserID(), id).Scan(&birth, &mine)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return linli.Date{}, err
		}
		found = err == nil
	}
	obj := linli.Object{Kind: linli.ObjChild, Absent: !found, GuardianIDs: guardedBy(a, mine)}
	if err := linli.Authorize(a, linli.ActManageChild, obj); err != nil {
		return linli.Date{}, withField(err, field)
	}
	return linli.ParseDate(birth)
}

// Apply replaces the application of the path's child: its application (kept under its id) now
// holds the children and wishes of the body. Another application of one of the children is
// taken in when all its children are in the body, else 409 conflict on child_ids.
func (s Rounds) Apply(ctx context.Context, a *linli.Actor, roundID, childID string, in linli.Input[linli.ApplicationBody]) (*linli.RoundApplicationView, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	var out *linli.RoundApplicationView
	err := s.inTx(ctx, func(tx *Tx) error {
		x, err := lockRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		births := map[string]linli.Date{}
		if births[childID], err = guardedChild(ctx, tx, a, childID, "child_id"); err != nil {
			return err
		}
		body, err := in()
		if err != nil {
			return err
		}
		if err := body.Check(childID, x.MaxWishes, x.ProgramIDs); err != nil {
			return err
		}
		for i, id := range body.ChildIDs {
			if id != childID {
				if births[id], err = guardedChild(ctx, tx, a, id, fmt.Sprintf("child_ids[%d]", i)); err != nil {
					return err
				}
			}
		}
		if !linli.AcceptsApplications(x.OpensAt, x.ClosesAt, x.ClosedAt, tx.Now) {
			return linli.Errorf(linli.ERoundClosed, "applications are taken only while the round is open")
		}
		for i, pid := range body.ProgramIDs {
			if err := checkWishEligible(ctx, tx, x, pid, fmt.Sprintf("program_ids[%d]", i), body.ChildIDs, births); err != nil {
				return err
			}
		}
		appID, err := absorbApplications(ctx, tx, roundID, childID, body.ChildIDs)
		if err != nil {
			return err
		}
		if err := writeApplication(ctx, tx, a, roundID, appID, body); err != nil {
			return err
		}
		views, err := applicationViews(ctx, tx, x, `a.id = ?`, appID)
		if err == nil && len(views) == 1 {
			out = &views[0]
		}
		return err
	})
	return out, err
}

// checkWishEligible answers 422 not_eligible on field unless every child is within the
// program's ages on every date of its round sessions (scheduled, starting after the close).
func checkWishEligible(ctx context.Context, tx *Tx, x *roundRow, programID, field string, kids []string, births map[string]linli.Date) error {
	var title, kind string
	var ageMin, ageMax sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT title, kind, age_min, age_max FROM programs WHERE id = ?`, programID).Scan(&title, &kind, &ageMin, &ageMax); err != nil {
		return err
	}
	days, err := queryStrings(ctx, tx, `SELECT DISTINCT local_date FROM sessions WHERE program_id = ? AND status = 'scheduled' AND starts_at > ?
		ORDER BY local_date`, programID, fmtTime(x.ClosesAt))
	if err != nil {
		return err
	}
	dates := make([]linli.Date, 0, len(days))
	for _, d := range days {
		day, err := linli.ParseDate(d)
		if err != nil {
			return err
		}
		dates = append(dates, day)
	}
	for _, k := range kids {
		if err := linli.CheckRoundEligible(field, programID, title, nullInt(ageMin), nullInt(ageMax), kind, births[k], dates); err != nil {
			return err
		}
	}
	return nil
}

// absorbApplications returns the id of the application that the children's new one replaces
// (the path's child's, else a new id), after deleting the others of the children: each must hold
// none but children of the new one.
func absorbApplications(ctx context.Context, tx *Tx, roundID, childID string, kids []string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT application_id, child_id FROM round_application_children
		WHERE application_id IN (SELECT application_id FROM round_application_children WHERE round_id = ? AND child_id IN (SELECT value FROM json_each(?)))
		ORDER BY application_id, child_id`, roundID, jsonList(kids))
	if err != nil {
		return "", err
	}
	members := map[string][]string{}
	mine := ""
	for rows.Next() {
		var app, kid string
		if err := rows.Scan(&app, &kid); err != nil {
			rows.Close()
			return "", err
		}
		members[app] = append(members[app], kid)
		if kid == childID {
			mine = app
		}
	}
	if err := rows.Close(); err != nil {
		return "", err
	}
	for app, held := range members {
		if app == mine {
			continue
		}
		for _, k := range held {
			if !slices.Contains(kids, k) {
				return "", &linli.Error{Code: linli.EConflict, Field: "child_ids",
					Message: "a child named applies with another child not named here: withdraw that application first"}
			}
		}
		if err := deleteApplication(ctx, tx, app); err != nil {
			return "", err
		}
	}
	if mine == "" {
		return newID(), nil
	}
	return mine, nil
}

// deleteApplication removes an application not yet drawn, with its children and wishes.
func deleteApplication(ctx context.Context, tx *Tx, id string) error {
	for _, q := range []string{`DELETE FROM round_wishes WHERE application_id = ?`, `DELETE FROM round_application_children WHERE application_id = ?`,
		`DELETE FROM round_applications WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// writeApplication writes the application id (new, or replaced keeping its priority group) with
// the body's children and ranked wishes.
func writeApplication(ctx context.Context, tx *Tx, a *linli.Actor, roundID, id string, b linli.ApplicationBody) error {
	now := fmtTime(tx.Now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO round_applications (id, round_id, applied_by, size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET applied_by = excluded.applied_by, size = excluded.size, updated_at = excluded.updated_at`,
		id, roundID, a.UserID(), len(b.ChildIDs), now, now); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM round_wishes WHERE application_id = ?`, `DELETE FROM round_application_children WHERE application_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	for _, k := range b.ChildIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_application_children (application_id, round_id, child_id) VALUES (?, ?, ?)`, id, roundID, k); err != nil {
			return err
		}
	}
	for i, p := range b.ProgramIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_wishes (application_id, rank, program_id) VALUES (?, ?, ?)`, id, i+1, p); err != nil {
			return err
		}
	}
	return nil
}

// applicationViews reads the applications of round x that where selects (SQL on round_applications
// a), by id, with their children, wishes and outcome.
func applicationViews(ctx context.Context, q querier, x *roundRow, where string, args ...any) ([]linli.RoundApplicationView, error) {
	all := append([]any{x.ID}, args...)
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.size, a.priority_group, a.lottery_number, a.updated_at
		FROM round_applications a WHERE a.round_id = ? AND (`+where+`) ORDER BY a.id`, all...)
	if err != nil {
		return nil, err
	}
	var out []linli.RoundApplicationView
	at := map[string]int{}
	for rows.Next() {
		var v linli.RoundApplicationView
		var group, lottery sql.NullString
		var updated instant
		if err := rows.Scan(&v.ID, &v.Size, &group, &lottery, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		v.UpdatedAt, v.LotteryNumber = updated.In(x.loc), lottery.String
		v.PriorityRank = x.rank(group)
		if group.Valid {
			v.PriorityGroup = &group.String
		}
		v.ChildIDs, v.ProgramIDs = []string{}, []string{}
		at[v.ID] = len(out)
		out = append(out, v)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT w.application_id, w.program_id, w.removed_at_close, 0, w.rank FROM round_wishes w
			JOIN round_applications a ON a.id = w.application_id WHERE a.round_id = ? AND (`+where+`)
		UNION ALL SELECT c.application_id, c.child_id, 0, 1, 0 FROM round_application_children c
			JOIN round_applications a ON a.id = c.application_id WHERE a.round_id = ? AND (`+where+`)
		ORDER BY 1, 4, 5, 2`, append(all, all...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var app, id string
		var removed, child, rank int
		if err := rows.Scan(&app, &id, &removed, &child, &rank); err != nil {
			return nil, err
		}
		i, ok := at[app]
		switch {
		case !ok:
		case child == 1:
			out[i].ChildIDs = append(out[i].ChildIDs, id)
		case removed == 1:
			out[i].RemovedAtClose = append(out[i].RemovedAtClose, id)
		default:
			out[i].ProgramIDs = append(out[i].ProgramIDs, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, outcomes(ctx, q, x, out)
}

// rank is the priority rank of an application in group (NULL: in none).
func (x *roundRow) rank(group sql.NullString) int {
	if group.Valid {
		for i, g := range x.groups {
			if g.Key == group.String {
				return i
			}
		}
	}
	return len(x.groups)
}

// outcomes adds to drawn applications their places and waitlist positions.
func outcomes(ctx context.Context, q querier, x *roundRow, views []linli.RoundApplicationView) error {
	if x.DrawnAt == nil || len(views) == 0 {
		return nil
	}
	at := map[string]*linli.RoundApplicationView{}
	ids := make([]string, len(views))
	for i := range views {
		at[views[i].ID], ids[i] = &views[i], views[i].ID
	}
	rows, err := q.QueryContext(ctx, `SELECT application_id, program_id, 0 FROM round_places
			WHERE round_id = ? AND drawn = 1 AND application_id IN (SELECT value FROM json_each(?))
		UNION ALL SELECT application_id, program_id, position FROM round_waitlist
			WHERE round_id = ? AND application_id IN (SELECT value FROM json_each(?))
		ORDER BY 1, 3, 2`, x.ID, jsonList(ids), x.ID, jsonList(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var app, program string
		var pos int
		if err := rows.Scan(&app, &program, &pos); err != nil {
			return err
		}
		if v := at[app]; pos == 0 {
			v.Placed = append(v.Placed, program)
		} else {
			v.Waitlisted = append(v.Waitlisted, linli.WaitSpot{ProgramID: program, Position: pos})
		}
	}
	return rows.Err()
}
