package storage

import (
	"context"

	"github.com/linli/linli/internal/linli"
)

// roundGateColumns are the two columns of targetQuery that make a session's linli.RoundGate:
// whether its program is in a round not drawn yet, and the latest time first-come booking opens
// after the draw of the drawn rounds it is in (open_after_draw_at, by default the draw).
const roundGateColumns = `EXISTS (SELECT 1 FROM round_programs rp JOIN rounds r ON r.id = rp.round_id
		WHERE rp.program_id = s.program_id AND r.drawn_at IS NULL),
	(SELECT MAX(COALESCE(r.open_after_draw_at, r.drawn_at)) FROM round_programs rp JOIN rounds r ON r.id = rp.round_id
		WHERE rp.program_id = s.program_id AND r.drawn_at IS NOT NULL)`

// roundWishSessions is the part of findChild's query that reads, as bookings of status
// linli.BookingRoundWish, the round sessions overlapping the target (the same parameters ?1, ?3,
// ?4 and ?5) of the child's remaining wishes in rounds closed and not drawn: until the draw the
// child may not be booked at their time. A round's sessions are its programs' scheduled sessions
// starting after its close.
const roundWishSessions = `SELECT NULL, NULL, s.id, 'round_wish', s.starts_at, s.ends_at
	FROM round_application_children rc JOIN rounds r ON r.id = rc.round_id
		JOIN round_wishes w ON w.application_id = rc.application_id
		JOIN sessions s ON s.program_id = w.program_id
	WHERE rc.child_id = CAST(?1 AS TEXT) AND r.closed_at IS NOT NULL AND r.drawn_at IS NULL AND w.removed_at_close = 0
		AND s.status = 'scheduled' AND s.starts_at > r.closed_at
		AND s.starts_at > CAST(?3 AS TEXT) AND s.starts_at < CAST(?4 AS TEXT) AND s.ends_at > CAST(?5 AS TEXT)`

// roundWishSessionsOf is roundWishSessions for the children of the JSON list ?1 (between ?2 and
// ?3, ending after ?4), with each child's id first: a seat freed in a session's line is not
// given to an applicant at the time of its wishes either.
const roundWishSessionsOf = `SELECT rc.child_id, s.id, 'round_wish', s.starts_at, s.ends_at
	FROM round_application_children rc JOIN rounds r ON r.id = rc.round_id
		JOIN round_wishes w ON w.application_id = rc.application_id
		JOIN sessions s ON s.program_id = w.program_id
	WHERE rc.child_id IN (SELECT value FROM json_each(?1)) AND r.closed_at IS NOT NULL AND r.drawn_at IS NULL
		AND w.removed_at_close = 0 AND s.status = 'scheduled' AND s.starts_at > r.closed_at
		AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?4`

// frozenPrograms selects the ids of the programs frozen by a round closed and not drawn.
const frozenPrograms = `SELECT rp.program_id FROM round_programs rp JOIN rounds r ON r.id = rp.round_id
	WHERE r.closed_at IS NOT NULL AND r.drawn_at IS NULL`

// checkNotFrozen answers round_closed when the program is in a round closed and not drawn: from
// the close to the draw its capacity, times, sessions and staff stay as the round fixed them.
func checkNotFrozen(ctx context.Context, q querier, programID string) error {
	var frozen bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (`+frozenPrograms+` AND rp.program_id = ?)`, programID).Scan(&frozen)
	if err != nil {
		return err
	}
	if frozen {
		return &linli.Error{Code: linli.ERoundClosed, Message: "the program is in an application round that is closed and not drawn yet: it cannot change until the draw"}
	}
	return nil
}

// replanRoundPrograms re-plans the programs of the round roundID on their day calendars as they
// now stand. Between the close and the draw a calendar change leaves the round's programs alone
// (replanCalendar skips frozen programs), so that the seats and overlaps fixed at the close stay
// true; the draw calls this in its transaction, once the round is marked drawn and before it
// books the places, so that the places book the sessions the calendar now gives.
func replanRoundPrograms(ctx context.Context, tx *Tx, a *linli.Actor, roundID string) (linli.ReplanSummary, error) {
	sum := linli.ReplanSummary{Clashes: []string{}}
	rows, err := tx.QueryContext(ctx, `SELECT `+programColumns+` FROM programs p JOIN communities m ON m.id = p.community_id
		WHERE p.id IN (SELECT program_id FROM round_programs WHERE round_id = ?) AND p.status = 'active'
		  AND p.day_filter IN ('school_days', 'non_school_days', 'break_workdays')
		ORDER BY p.id`, roundID)
	if err != nil {
		return sum, err
	}
	programs, err := scanPrograms(rows)
	if err != nil {
		return sum, err
	}
	for _, pc := range programs {
		cal, err := loadCalendar(ctx, tx, pc.calendarID)
		if err != nil {
			return sum, err
		}
		if err := replanProgram(ctx, tx, a, pc, cal, pc.calendarID, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}
