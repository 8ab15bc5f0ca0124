package storage

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/linli/linli/internal/linli"
)

// DrawRound draws a closed round as its coordinator asks, with the public entropy the round
// announced (required when it has an entropy_source).
func (s Rounds) DrawRound(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.DrawBody]) (*linli.Round, *linli.RoundStats, error) {
	var out *linli.Round
	var stats *linli.RoundStats
	err := s.inTx(ctx, func(tx *Tx) error {
		x, err := s.draft(ctx, tx, a, id)
		if err != nil {
			return err
		}
		b, err := in()
		if err != nil {
			return err
		}
		entropy := ""
		if b.PublicEntropy != nil {
			entropy = *b.PublicEntropy
		}
		switch {
		case x.EntropySource != "" && strings.TrimSpace(entropy) == "":
			return linli.Invalid("public_entropy", "this round draws with the public number it announced: enter it as public_entropy")
		case !utf8.ValidString(entropy) || utf8.RuneCountInString(entropy) > linli.MaxPublicEntropy:
			return linli.Invalid("public_entropy", "public_entropy must be at most %d characters", linli.MaxPublicEntropy)
		case x.ClosedAt == nil || x.DrawnAt != nil:
			return linli.Errorf(linli.EConflict, "only a closed round that is not drawn yet can be drawn")
		}
		if err := drawTx(ctx, tx, a, x, entropy); err != nil {
			return err
		}
		if x, err = readRound(ctx, tx, id); err != nil {
			return err
		}
		out = x.view(a, tx.Now)
		stats, err = roundStats(ctx, tx, x)
		return err
	})
	return out, stats, err
}

// drawTx is the draw of DOMAIN.md in tx: lottery numbers, the allocation, a place (a course
// booking of every child into each round session of the program not started yet) for each
// placement, the waiting lists, and a notice to every family.
func drawTx(ctx context.Context, tx *Tx, a *linli.Actor, x *roundRow, entropy string) error {
	programs, err := closedPrograms(ctx, tx, x.ID)
	if err != nil {
		return err
	}
	apps, err := frozenApps(ctx, tx, x)
	if err != nil {
		return err
	}
	facts := make([]linli.RoundApplication, len(apps))
	byID := make(map[string]*frozenApp, len(apps))
	for i, app := range apps {
		facts[i], byID[app.ID] = app.RoundApplication, app
	}
	seedHex := hex.EncodeToString(linli.DrawSeed(x.serverSeed, entropy))
	draw := linli.DrawRound(programs, facts, linli.DrawSeed(x.serverSeed, entropy), x.MaxPlacesPerChild)
	res, err := tx.ExecContext(ctx, `UPDATE rounds SET public_entropy = ?, draw_seed = ?, drawn_at = ?, updated_at = ? WHERE id = ? AND drawn_at IS NULL`,
		entropy, seedHex, fmtTime(tx.Now), fmtTime(tx.Now), x.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = linli.Errorf(linli.EConflict, "the round is already drawn")
		}
		return err
	}
	// A calendar change left the frozen programs alone; their places book the sessions it gives.
	if _, err := replanRoundPrograms(ctx, tx, a, x.ID); err != nil {
		return err
	}
	sessions, err := roundSessions(ctx, tx, x.ID, tx.Now)
	if err != nil {
		return err
	}
	seats, err := newSeatBook(ctx, tx, a, x.ID, sessions)
	if err != nil {
		return err
	}
	titles, err := programTitles(ctx, tx, x.ID)
	if err != nil {
		return err
	}
	families, err := byKey(ctx, tx, `SELECT DISTINCT c.application_id, g.user_id FROM round_application_children c
		JOIN child_guardians g ON g.child_id = c.child_id WHERE c.round_id = ? ORDER BY c.application_id, g.user_id`, x.ID)
	if err != nil {
		return err
	}
	now := fmtTime(tx.Now)
	for _, id := range draw.Order {
		o, app := draw.Outcomes[id], byID[id]
		if _, err := tx.ExecContext(ctx, `UPDATE round_applications SET lottery_number = ? WHERE id = ?`, o.LotteryNumber, id); err != nil {
			return err
		}
		note := &linli.RoundNotice{RoundID: x.ID, Title: x.Title, ApplicationID: id, LotteryNumber: o.LotteryNumber}
		for _, p := range o.Placed {
			place := newID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO round_places (id, round_id, application_id, program_id, status, drawn, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'placed', 1, ?, ?)`, place, x.ID, id, p, now, now); err != nil {
				return err
			}
			if err := seats.book(ctx, place, p, app.children); err != nil {
				return err
			}
			note.Placed = append(note.Placed, titles[p])
		}
		for _, w := range o.Waitlisted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO round_waitlist (round_id, program_id, application_id, position) VALUES (?, ?, ?, ?)`,
				x.ID, w.ProgramID, id, w.Position); err != nil {
				return err
			}
			note.Waiting = append(note.Waiting, linli.WaitTitle{Title: titles[w.ProgramID], Position: w.Position})
		}
		if err := notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeRoundDrawn, Recipients: families[id], Key: id, Once: true,
			Data: linli.NoticeData{Title: x.Title, Round: note}}); err != nil {
			return err
		}
	}
	if err := seats.settle(ctx); err != nil {
		return err
	}
	// One post to each of the community's group-chat robots that takes round_drawn: the round's
	// title and its public result, never a family.
	if err := enqueueChatRobotPosts(ctx, tx, x.CommunityID, linli.ChatEvent{Kind: linli.ChatRoundDrawn, Title: x.Title,
		Link: "/#/rounds/" + x.ID + "/result"}, x.ID); err != nil {
		return err
	}
	return tx.audit(ctx, a, x.CommunityID, "round.draw", "round", x.ID, map[string]any{"applications": len(apps), "draw_seed": seedHex})
}

// closedPrograms reads the round's programs as the close fixed them, by id.
func closedPrograms(ctx context.Context, q querier, roundID string) ([]linli.RoundProgram, error) {
	rows, err := q.QueryContext(ctx, `SELECT program_id, COALESCE(seats, 0), COALESCE(overlapping, '[]') FROM round_programs WHERE round_id = ? ORDER BY program_id`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []linli.RoundProgram
	for rows.Next() {
		var p linli.RoundProgram
		var list string
		if err := rows.Scan(&p.ID, &p.Seats, &list); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(list), &p.Overlaps); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// seatBook books the draw's places through the booking code's own copy of sessions (batchTx):
// the same booking rows, arrivals, seat counters and audit entries as any booking, the counters
// written once when it settles.
type seatBook struct {
	bt        *batchTx
	a         *linli.Actor
	byProgram map[string][]string // the round sessions of each program, by start
	held      map[[2]string]bool  // (session, child) of the active bookings in round sessions
}

// newSeatBook reads the active bookings of the round sessions, which the draw leaves as they are.
func newSeatBook(ctx context.Context, tx *Tx, a *linli.Actor, roundID string, sessions []roundSession) (*seatBook, error) {
	b := &seatBook{bt: newBatchTx(tx), a: a, byProgram: map[string][]string{}, held: map[[2]string]bool{}}
	for _, r := range sessions {
		b.byProgram[r.programID] = append(b.byProgram[r.programID], r.id)
	}
	rows, err := tx.QueryContext(ctx, `SELECT b.session_id, b.child_id FROM bookings b JOIN sessions s ON s.id = b.session_id
		WHERE s.program_id IN (SELECT program_id FROM round_programs WHERE round_id = ?) AND s.starts_at > ?
		AND b.status IN ('confirmed', 'waitlisted') AND b.child_id IS NOT NULL ORDER BY b.session_id, b.child_id`, roundID, fmtTime(tx.Now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			return nil, err
		}
		b.held[k] = true
	}
	return b, rows.Err()
}

// book confirms the children of a place into every round session of the program not started,
// siblings at one shared arrival (batchTx.seat), and marks the bookings as the place's. A child
// who already holds an active booking of a session keeps it. A session without the seats the
// close counted (someone booked it first come since) stops the draw with 409 conflict: nothing is
// written.
func (b *seatBook) book(ctx context.Context, place, programID string, children []string) error {
	for _, s := range b.byProgram[programID] {
		var kids []linli.BookingChild
		for _, k := range children {
			if !b.held[[2]string{s, k}] {
				kids = append(kids, linli.BookingChild{ID: k})
				b.held[[2]string{s, k}] = true
			}
		}
		if len(kids) == 0 {
			continue
		}
		t, err := findTarget(ctx, b.bt, s, "program_ids")
		if err != nil {
			return err
		}
		if t.Confirmed+len(kids) > t.Capacity {
			return linli.Errorf(linli.EConflict, "a session of the round has fewer free seats than at the close: the draw cannot place everyone it should")
		}
		made, err := b.bt.seat(ctx, b.a, t, kids)
		if err != nil {
			return err
		}
		b.bt.apply()
		ids := make([]string, len(made))
		for i, m := range made {
			ids[i] = m.ID
		}
		if _, err := b.bt.ExecContext(ctx, `UPDATE bookings SET round_place_id = ? WHERE id IN (SELECT value FROM json_each(?))`, place, jsonList(ids)); err != nil {
			return err
		}
	}
	return nil
}

// settle writes the seats and arrivals of the sessions booked into and the bookings' audit entries.
func (b *seatBook) settle(ctx context.Context) error { return b.bt.settle(ctx) }

// byKey reads a query of two string columns into lists of the second by the first.
func byKey(ctx context.Context, q querier, query string, args ...any) (map[string][]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}
