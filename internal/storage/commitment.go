package storage

import (
	"context"
	"database/sql"

	"github.com/linli/linli/internal/linli"
)

// The columns of a commitment row: what holds it, who, their name, and the session held.
const commitmentColumns = `s.id, s.title, s.status, s.starts_at, s.ends_at, m.timezone`

// planCommitments reads what the clash rules (linli.CheckClash, linli.CheckSignUp) need to plan
// s: the sessions held by venueID and those the people staff or signed up for, among the sessions
// that overlap s's time (found in one index range each: they start less than
// linli.MaxSessionLength before s). Which of them clash, and how, is the rules' to say.
func planCommitments(ctx context.Context, q querier, s *linli.Session, venueID string, people []string) ([]linli.Commitment, error) {
	from, until := fmtTime(s.StartsAt.Add(-linli.MaxSessionLength)), fmtTime(s.EndsAt)
	return scanCommitments(q.QueryContext(ctx, `SELECT 'venue', s.venue_id, v.name, `+commitmentColumns+`
		FROM sessions s JOIN venues v ON v.id = s.venue_id JOIN communities m ON m.id = s.community_id
		WHERE s.venue_id = ?1 AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?5
		UNION ALL
		SELECT 'staff', x.user_id, u.name, `+commitmentColumns+`
		FROM session_staff x JOIN sessions s ON s.id = x.session_id JOIN communities m ON m.id = s.community_id JOIN users u ON u.id = x.user_id
		WHERE x.user_id IN (SELECT value FROM json_each(?4)) AND x.starts_at > ?2 AND x.starts_at < ?3 AND s.ends_at > ?5
		UNION ALL
		SELECT 'signup', g.user_id, u.name, `+commitmentColumns+`
		FROM session_signups g JOIN sessions s ON s.id = g.session_id JOIN communities m ON m.id = s.community_id JOIN users u ON u.id = g.user_id
		WHERE g.user_id IN (SELECT value FROM json_each(?4)) AND g.status = 'active' AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?5`,
		venueID, from, until, jsonList(people), fmtTime(s.StartsAt)))
}

// moveCommitments reads what linli.CheckMove needs to move s to its new time: the sessions
// overlapping that time in which its confirmed children are confirmed, and which its signed-up
// volunteers signed up for or staff.
func moveCommitments(ctx context.Context, q querier, s *linli.Session) ([]linli.Commitment, error) {
	from, until := fmtTime(s.StartsAt.Add(-linli.MaxSessionLength)), fmtTime(s.EndsAt)
	return scanCommitments(q.QueryContext(ctx, `SELECT 'child', b.child_id, '', `+commitmentColumns+`
		FROM bookings b JOIN bookings o ON o.child_id = b.child_id AND o.status = 'confirmed'
			JOIN sessions s ON s.id = o.session_id JOIN communities m ON m.id = s.community_id
		WHERE b.session_id = ?1 AND b.status = 'confirmed' AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?4
		UNION ALL
		SELECT 'signup', g.user_id, '', `+commitmentColumns+`
		FROM session_signups g JOIN session_signups o ON o.user_id = g.user_id AND o.status = 'active'
			JOIN sessions s ON s.id = o.session_id JOIN communities m ON m.id = s.community_id
		WHERE g.session_id = ?1 AND g.status = 'active' AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?4
		UNION ALL
		SELECT 'staff', g.user_id, '', `+commitmentColumns+`
		FROM session_signups g JOIN session_staff f ON f.user_id = g.user_id
			JOIN sessions s ON s.id = f.session_id JOIN communities m ON m.id = s.community_id
		WHERE g.session_id = ?1 AND g.status = 'active' AND s.starts_at > ?2 AND s.starts_at < ?3 AND s.ends_at > ?4`,
		s.ID, from, until, fmtTime(s.StartsAt)))
}

func scanCommitments(rows *sql.Rows, err error) ([]linli.Commitment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []linli.Commitment
	for rows.Next() {
		var c linli.Commitment
		var start, end instant
		var tz string
		if err := rows.Scan(&c.By, &c.Holder, &c.Name, &c.Session.ID, &c.Session.Title, &c.Session.Status, &start, &end, &tz); err != nil {
			return nil, err
		}
		loc := location(tz)
		c.Session.StartsAt, c.Session.EndsAt = start.In(loc), end.In(loc)
		out = append(out, c)
	}
	return out, rows.Err()
}
