package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

const sessionColumns = `s.id, s.program_id, s.community_id, s.kind, s.title, s.category, s.starts_at, s.ends_at,
	s.venue_id, v.name, v.address, s.capacity, s.confirmed, s.waitlisted, s.status, s.cancel_reason, s.cancel_origin,
	s.sequence, s.delivered_at, s.updated_at, s.local_date, s.plan_date, m.timezone`

const sessionFrom = ` FROM sessions s JOIN communities m ON m.id = s.community_id LEFT JOIN venues v ON v.id = s.venue_id`

// maxZoneOffset is the largest distance of a time zone from UTC; it turns local dates into
// instant bounds that an index on starts_at can use.
const maxZoneOffset = 14 * time.Hour

var locations sync.Map

// location returns the named time zone, loading each once; a stored zone always loads.
func location(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	locations.Store(name, loc)
	return loc
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func scanSession(r interface{ Scan(...any) error }) (linli.Session, error) {
	var s linli.Session
	var venueID, venueName, venueAddress sql.NullString
	var delivered nullInstant
	var start, end, updated instant
	var local, plan, tz string
	err := r.Scan(&s.ID, &s.ProgramID, &s.CommunityID, &s.Kind, &s.Title, &s.Category, &start, &end,
		&venueID, &venueName, &venueAddress, &s.Capacity, &s.Confirmed, &s.Waitlisted, &s.Status, &s.CancelReason, &s.CancelOrigin,
		&s.Sequence, &delivered, &updated, &local, &plan, &tz)
	if err != nil {
		return s, err
	}
	loc := location(tz)
	s.StartsAt, s.EndsAt, s.UpdatedAt = start.In(loc), end.In(loc), updated.In(loc)
	if venueID.Valid {
		s.VenueID = venueID.String
		s.Venue = &linli.SessionVenue{ID: venueID.String, Name: venueName.String, Address: venueAddress.String}
	}
	if delivered.Valid {
		t := delivered.Time.In(loc)
		s.DeliveredAt = &t
	}
	s.LocalDate, _ = linli.ParseDate(local)
	s.PlanDate, _ = linli.ParseDate(plan)
	s.Staff, s.StaffIDs = []linli.StaffMember{}, []string{}
	return s, nil
}

func scanSessions(rows *sql.Rows) ([]linli.Session, error) {
	defer rows.Close()
	var out []linli.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// loadSessionStaff fills in the staff of sessions, in order.
func loadSessionStaff(ctx context.Context, q querier, sessions []linli.Session) error {
	index := make(map[string]int, len(sessions))
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		index[s.ID], ids[i] = i, s.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT x.session_id, x.user_id, u.name, x.teacher_type FROM session_staff x JOIN users u ON u.id = x.user_id
		WHERE x.session_id IN (SELECT value FROM json_each(?)) ORDER BY x.session_id, x.position`, jsonList(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sid string
		var m linli.StaffMember
		if err := rows.Scan(&sid, &m.ID, &m.Name, &m.TeacherType); err != nil {
			return err
		}
		s := &sessions[index[sid]]
		s.Staff, s.StaffIDs = append(s.Staff, m), append(s.StaffIDs, m.ID)
	}
	return rows.Err()
}

// findSession reads one session with its staff, or 404.
func findSession(ctx context.Context, q querier, id string) (*linli.Session, error) {
	if !validID(id) {
		return nil, linli.NotFound("session")
	}
	s, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("session")
	}
	if err != nil {
		return nil, translate(err)
	}
	one := []linli.Session{s}
	if err := loadSessionStaff(ctx, q, one); err != nil {
		return nil, translate(err)
	}
	return &one[0], nil
}

// FindSession returns a session a may see, or 404.
func (s Planning) FindSession(ctx context.Context, a *linli.Actor, id string) (*linli.Session, error) {
	sess, err := findSession(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	if !a.CanSee(sess.Kind, sess.CommunityID, a != nil && slices.Contains(sess.StaffIDs, a.UserID())) {
		return nil, linli.NotFound("session")
	}
	return sess, nil
}

// notFoundUnless returns err translated, or a 404 naming what when err is nil.
func notFoundUnless(err error, what string) error {
	if err != nil {
		return translate(err)
	}
	return linli.NotFound(what)
}

// FindSessions lists the sessions a may see that match the filter, by start then id. Without a
// from date the list starts today in the community's time zone (China's without a community).
func (s Planning) FindSessions(ctx context.Context, a *linli.Actor, f linli.SessionFilter) ([]linli.Session, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(f.Page)
	if err != nil {
		return nil, "", err
	}
	loc := location(linli.DefaultTimezone)
	if f.CommunityID != "" {
		c, err := Communities(s).FindCommunity(ctx, f.CommunityID)
		if err != nil {
			return nil, "", err
		}
		loc = c.Location()
	}
	if f.ProgramID != "" {
		p, err := findProgram(ctx, s.read, f.ProgramID)
		if err != nil {
			return nil, "", err
		}
		if ok, err := canSeeProgram(ctx, s.read, a, p.Program); err != nil || !ok {
			return nil, "", notFoundUnless(err, "program")
		}
		if f.CommunityID == "" {
			loc = location(p.timezone)
		}
	}
	if f.From.IsZero() {
		f.From = linli.DateOf(s.Now(), loc)
	}
	where := []string{`(s.kind <> 'neighbor_visit' OR ? OR s.community_id IN (SELECT value FROM json_each(?))
		OR EXISTS (SELECT 1 FROM session_staff x WHERE x.session_id = s.id AND x.user_id = ?))`,
		`s.local_date >= ?`, `s.starts_at >= ?`}
	args := []any{a.IsAdmin(), jsonList(a.Coordinates()), a.UserID(),
		f.From.String(), fmtTime(f.From.At(linli.Clock{}, time.UTC).Add(-maxZoneOffset))}
	add := func(cond string, vs ...any) { where, args = append(where, cond), append(args, vs...) }
	for _, eq := range []struct{ column, value string }{
		{"s.community_id", f.CommunityID}, {"s.program_id", f.ProgramID}, {"s.kind", f.Kind}, {"s.category", f.Category},
	} {
		if eq.value != "" {
			add(eq.column+` = ?`, eq.value)
		}
	}
	if !f.To.IsZero() {
		add(`s.local_date <= ? AND s.starts_at < ?`, f.To.String(), fmtTime(f.To.AddDays(1).At(linli.Clock{}, time.UTC).Add(maxZoneOffset)))
	}
	if f.HasSeats {
		add(`s.status = 'scheduled' AND s.confirmed < s.capacity`)
	}
	if f.HasAge {
		add(`s.kind IN ('after_school', 'holiday_class', 'event') AND EXISTS (SELECT 1 FROM programs p WHERE p.id = s.program_id
			AND (p.kind != 'event' OR p.age_min IS NOT NULL OR p.age_max IS NOT NULL)
			AND (p.age_min IS NULL OR p.age_min <= ?) AND (p.age_max IS NULL OR p.age_max >= ?))`, f.Age, f.Age)
	}
	if after != "" {
		start, id, ok := strings.Cut(after, "|")
		if _, err := time.Parse(timeFormat, start); err != nil || !ok || !validID(id) {
			return nil, "", linli.Invalid("cursor", "not a cursor this server gave out")
		}
		add(`(s.starts_at > ? OR s.starts_at = ? AND s.id > ?)`, start, start, id)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY s.starts_at, s.id LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", translate(err)
	}
	found, err := scanSessions(rows)
	if err != nil {
		return nil, "", translate(err)
	}
	items, next, err := trimPage(found, limit, func(s linli.Session) string { return fmtTime(s.StartsAt) + "|" + s.ID })
	if err != nil {
		return nil, "", err
	}
	return items, next, translate(loadSessionStaff(ctx, s.read, items))
}

// UpdateSession moves, re-staffs, changes or cancels one session in one change: its sequence
// rises by one. Clash rules apply to the session as it will be.
func (s Planning) UpdateSession(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.SessionChange]) (*linli.Session, error) {
	var out *linli.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActEditSession, linli.ObjSession, id); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkNotFrozen(ctx, tx, sess.ProgramID); err != nil {
			return err
		}
		if ch.VenueID != nil || ch.Capacity != nil {
			venue, capacity, field := sess.VenueID, sess.Capacity, "venue_id"
			if ch.VenueID != nil {
				venue = *ch.VenueID
			}
			if ch.Capacity != nil {
				capacity, field = *ch.Capacity, "capacity"
			}
			if err := checkVenue(ctx, tx, sess.CommunityID, venue, capacity, field); err != nil {
				return err
			}
		}
		if ch.StaffIDs != nil {
			if err := checkStaff(ctx, tx, sess.CommunityID, *ch.StaffIDs); err != nil {
				return err
			}
		}
		u := *sess
		if err := ch.Apply(&u, sess.StartsAt.Location()); err != nil {
			return err
		}
		if !u.Dirty() {
			out = sess
			return nil
		}
		if u.Changed("status") {
			err = cancelSessionTx(ctx, tx, id, u.CancelReason, u.CancelOrigin)
		} else {
			err = newSessionWriter(ctx, tx, u.CommunityID, true).update(&u)
		}
		if err == nil && u.Changed("time") {
			err = checkMoveKeepsPeopleFree(ctx, tx, &u)
		}
		if err == nil && u.Capacity > sess.Capacity {
			// New seats go to the waiting line at once, as a cancellation's seat does.
			err = promote(ctx, tx, a, id)
		}
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, a, u.CommunityID, "session.update", "session", id, ch); err != nil {
			return err
		}
		out, err = findSession(ctx, tx, id)
		return err
	})
	return out, err
}

// checkMoveKeepsPeopleFree refuses a move that would put a child confirmed in the session, or a
// volunteer signed up for it, into two sessions at once (linli.CheckMove).
func checkMoveKeepsPeopleFree(ctx context.Context, tx *Tx, s *linli.Session) error {
	held, err := moveCommitments(ctx, tx, s)
	if err != nil {
		return err
	}
	return linli.CheckMove(s, held)
}
