package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
)

// roundSession is a round session: a scheduled session of a round program starting after the
// close, with its seats.
type roundSession struct {
	id, programID       string
	start, end          time.Time
	capacity, confirmed int
	arrivals            int
}

// roundSessions reads the scheduled sessions of the round's programs starting after at, by
// program, start and id; on PostgreSQL their rows are taken first.
func roundSessions(ctx context.Context, tx *Tx, roundID string, after time.Time) ([]roundSession, error) {
	where := `program_id IN (SELECT program_id FROM round_programs WHERE round_id = ?) AND status = 'scheduled' AND starts_at > ?`
	if err := tx.lockWhere(ctx, "sessions", where, roundID, fmtTime(after)); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.program_id, s.starts_at, s.ends_at, s.capacity, s.confirmed, COALESCE(l.arrivals, 0)
		FROM sessions s LEFT JOIN session_lines l ON l.session_id = s.id WHERE s.`+where+` ORDER BY s.program_id, s.starts_at, s.id`, roundID, fmtTime(after))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []roundSession
	for rows.Next() {
		var r roundSession
		var start, end instant
		if err := rows.Scan(&r.id, &r.programID, &start, &end, &r.capacity, &r.confirmed, &r.arrivals); err != nil {
			return nil, err
		}
		r.start, r.end = start.Time, end.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// frozenApp is an application as the close freezes it, with its children.
type frozenApp struct {
	linli.RoundApplication
	group    *string
	children []string
	removed  []string // wishes removed at the close
}

// frozenApps reads the round's applications by id with their children and their wishes still
// standing, in rank order. Priority ranks come from the groups, which cannot change once the
// round opens.
func frozenApps(ctx context.Context, q querier, x *roundRow) ([]*frozenApp, error) {
	views, err := applicationViews(ctx, q, x, `1 = 1`)
	if err != nil {
		return nil, err
	}
	out := make([]*frozenApp, len(views))
	for i, v := range views {
		out[i] = &frozenApp{RoundApplication: linli.RoundApplication{ID: v.ID, PriorityRank: v.PriorityRank, Size: v.Size, ProgramIDs: v.ProgramIDs},
			group: v.PriorityGroup, children: v.ChildIDs, removed: v.RemovedAtClose}
	}
	return out, nil
}

// CloseRound freezes an open round now, as its coordinator asks.
func (s Rounds) CloseRound(ctx context.Context, a *linli.Actor, id string) (*linli.Round, error) {
	var out *linli.Round
	err := s.inTx(ctx, func(tx *Tx) error {
		x, err := s.draft(ctx, tx, a, id)
		if err != nil {
			return err
		}
		switch linli.RoundStatus(x.OpensAt, x.ClosedAt, x.DrawnAt, tx.Now) {
		case linli.RoundDraft:
			return linli.Errorf(linli.EConflict, "the round has not opened yet")
		case linli.RoundClosed, linli.RoundDrawn:
			return linli.Errorf(linli.EConflict, "the round is already closed")
		}
		if err := closeTx(ctx, tx, a, x); err != nil {
			return err
		}
		if x, err = readRound(ctx, tx, id); err == nil {
			out = x.view(a, tx.Now)
		}
		return err
	})
	return out, err
}

// closeTx is the freeze of DOMAIN.md, in tx: it removes the wishes that overlap a confirmed
// booking a child of the application holds outside the round (telling the family), fixes each
// program's seats and overlaps and each application's priority rank, draws the secret server
// seed and publishes its commitment and both digests. A round another transaction closed first
// is left as it is.
func closeTx(ctx context.Context, tx *Tx, a *linli.Actor, x *roundRow) error {
	sessions, err := roundSessions(ctx, tx, x.ID, tx.Now)
	if err != nil {
		return err
	}
	spans := map[string][]linli.TimeRange{}
	seats := map[string]int{}
	for _, p := range x.ProgramIDs {
		spans[p] = nil
	}
	for _, r := range sessions {
		spans[r.programID] = append(spans[r.programID], linli.TimeRange{Start: r.start, End: r.end})
		free := max(r.capacity-r.confirmed, 0)
		if n, ok := seats[r.programID]; !ok || free < n {
			seats[r.programID] = free
		}
	}
	overlaps := linli.RoundOverlaps(spans)
	programs := make([]linli.RoundProgram, len(x.ProgramIDs))
	for i, p := range x.ProgramIDs {
		programs[i] = linli.RoundProgram{ID: p, Seats: seats[p], Overlaps: overlaps[p]}
		if programs[i].Overlaps == nil {
			programs[i].Overlaps = []string{}
		}
		list, _ := json.Marshal(programs[i].Overlaps)
		if _, err := tx.ExecContext(ctx, `UPDATE round_programs SET seats = ?, overlapping = ? WHERE round_id = ? AND program_id = ?`,
			programs[i].Seats, string(list), x.ID, p); err != nil {
			return err
		}
	}
	apps, err := frozenApps(ctx, tx, x)
	if err != nil {
		return err
	}
	if err := removeClashingWishes(ctx, tx, x, apps, spans); err != nil {
		return err
	}
	frozen := make([]linli.RoundApplication, len(apps))
	for i, app := range apps {
		frozen[i] = app.RoundApplication
		if _, err := tx.ExecContext(ctx, `UPDATE round_applications SET priority_rank = ? WHERE id = ?`, app.PriorityRank, app.ID); err != nil {
			return err
		}
	}
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE rounds SET closed_at = ?, server_seed = ?, commitment = ?, applications_digest = ?, programs_digest = ?,
		updated_at = ? WHERE id = ? AND closed_at IS NULL`, fmtTime(tx.Now), hex.EncodeToString(seed), linli.RoundCommitment(seed),
		linli.ApplicationsDigest(frozen), linli.ProgramsDigest(programs), fmtTime(tx.Now), x.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = linli.Errorf(linli.EConflict, "the round is already closed")
		}
		return err
	}
	return tx.audit(ctx, a, x.CommunityID, "round.close", "round", x.ID, map[string]any{"applications": len(apps), "programs": len(programs)})
}

// removeClashingWishes removes from each application the wishes whose round sessions overlap a
// confirmed booking, outside the round, of one of its children, and tells the family.
func removeClashingWishes(ctx context.Context, tx *Tx, x *roundRow, apps []*frozenApp, spans map[string][]linli.TimeRange) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.application_id, s.starts_at, s.ends_at FROM round_application_children c
		JOIN bookings b ON b.child_id = c.child_id AND b.status = 'confirmed'
		JOIN sessions s ON s.id = b.session_id AND s.status = 'scheduled' AND s.ends_at > ?
		WHERE c.round_id = ? AND s.program_id NOT IN (SELECT program_id FROM round_programs WHERE round_id = ?)
		ORDER BY c.application_id, s.starts_at, s.id`, fmtTime(tx.Now), x.ID, x.ID)
	if err != nil {
		return err
	}
	held := map[string][]linli.TimeRange{}
	for rows.Next() {
		var app string
		var start, end instant
		if err := rows.Scan(&app, &start, &end); err != nil {
			rows.Close()
			return err
		}
		held[app] = append(held[app], linli.TimeRange{Start: start.Time, End: end.Time})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	titles, err := programTitles(ctx, tx, x.ID)
	if err != nil {
		return err
	}
	for _, app := range apps {
		if len(held[app.ID]) == 0 {
			continue
		}
		var keep, gone []string
		for _, p := range app.ProgramIDs {
			if linli.SessionsOverlap(spans[p], held[app.ID]) {
				gone = append(gone, p)
			} else {
				keep = append(keep, p)
			}
		}
		if len(gone) == 0 {
			continue
		}
		app.ProgramIDs = append([]string{}, keep...)
		names := make([]string, len(gone))
		for i, p := range gone {
			names[i] = titles[p]
			if _, err := tx.ExecContext(ctx, `UPDATE round_wishes SET removed_at_close = 1 WHERE application_id = ? AND program_id = ?`, app.ID, p); err != nil {
				return err
			}
		}
		to, err := guardiansOf(ctx, tx, app.children)
		if err != nil {
			return err
		}
		n := linli.Notice{Kind: linli.NoticeRoundWishRemoved, Recipients: to, Key: app.ID, Once: true,
			Data: linli.NoticeData{Title: x.Title, Round: &linli.RoundNotice{RoundID: x.ID, Title: x.Title, ApplicationID: app.ID, Removed: names}}}
		if err := notifyTx(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// programTitles reads the titles of the round's programs by id.
func programTitles(ctx context.Context, q querier, roundID string) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.title FROM programs p JOIN round_programs rp ON rp.program_id = p.id WHERE rp.round_id = ? ORDER BY p.id`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		out[id] = title
	}
	return out, rows.Err()
}

// guardiansOf reads the guardians of the children, by user id.
func guardiansOf(ctx context.Context, q querier, children []string) ([]string, error) {
	ids, err := queryStrings(ctx, q, `SELECT DISTINCT user_id FROM child_guardians WHERE child_id IN (SELECT value FROM json_each(?)) ORDER BY user_id`, jsonList(children))
	if err != nil {
		return nil, err
	}
	return slices.Compact(ids), nil
}
