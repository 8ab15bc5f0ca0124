package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// feedSessionColumns are a session's columns with what its program adds to a feed.
const feedSessionColumns = sessionColumns + `, p.description, p.updated_at, s.feed_stamp`

const feedSessionFrom = sessionFrom + ` JOIN programs p ON p.id = s.program_id`

// withExtra scans a row's session columns with scanSession and the columns after them into extra.
type withExtra struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (x withExtra) Scan(dest ...any) error { return x.row.Scan(append(dest, x.extra...)...) }

// scanFeedSession reads feedSessionColumns followed by the extra columns.
func scanFeedSession(row interface{ Scan(...any) error }, extra ...any) (linli.FeedSession, error) {
	var fs linli.FeedSession
	var programUpdated instant
	var stamp string
	s, err := scanSession(withExtra{row, append([]any{&fs.Description, &programUpdated, &stamp}, extra...)})
	fs.Session, fs.ProgramUpdatedAt, fs.Stamp = s, programUpdated.Time, parseTime(stamp)
	return fs, err
}

// readTx runs fn in one read transaction of the read pool: one snapshot of the database, so that
// a version and the data read with it belong together. PostgreSQL gives one only from REPEATABLE
// READ up (READ COMMITTED takes a snapshot per statement): without it, a feed could be built from
// data of two versions, cached in every instance under the name of one.
func (d *DB) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var opts *sql.TxOptions
	if d.dialect == dialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := d.read.BeginTx(ctx, opts)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	return translate(fn(tx))
}

// PersonalFeed reads, in one snapshot, the version of the user's feed, their language, and every
// session in the window they ever stood in relation to, with that relation now.
func (f Feeds) PersonalFeed(ctx context.Context, userID string, w linli.FeedWindow) (*linli.PersonalFeed, error) {
	out := &linli.PersonalFeed{}
	err := f.readTx(ctx, func(tx *sql.Tx) error {
		var changed nullInstant
		err := tx.QueryRowContext(ctx, `SELECT locale, COALESCE((SELECT version FROM feed_versions WHERE kind = 'personal' AND id = ?1), 0),
			(SELECT changed_at FROM feed_versions WHERE kind = 'personal' AND id = ?1) FROM users WHERE id = ?1`,
			userID).Scan(&out.Locale, &out.Version, &changed)
		out.ChangedAt, out.Location = changed.Time, location(linli.DefaultTimezone)
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound("feed")
		}
		if err != nil {
			return err
		}
		from, to := fmtTime(w.From), fmtTime(w.To)
		rows, err := tx.QueryContext(ctx, `SELECT `+feedSessionColumns+`, e.changes, e.changed_at, e.stamp,
				EXISTS (SELECT 1 FROM session_staff x WHERE x.session_id = s.id AND x.user_id = e.user_id),
				COALESCE((SELECT g.status FROM session_signups g WHERE g.session_id = s.id AND g.user_id = e.user_id), ''),
				h.label, b.name, h.updated_at
			FROM feed_entries e JOIN sessions s ON s.id = e.session_id JOIN communities m ON m.id = s.community_id
			LEFT JOIN venues v ON v.id = s.venue_id JOIN programs p ON p.id = s.program_id
			LEFT JOIN visit_plans vp ON vp.program_id = s.program_id AND s.kind = 'neighbor_visit'
			LEFT JOIN households h ON h.id = vp.household_id LEFT JOIN buildings b ON b.id = h.building_id
			WHERE e.user_id = ? AND s.ends_at > ? AND s.starts_at < ?
			ORDER BY s.starts_at, s.id`, userID, from, to)
		if err != nil {
			return err
		}
		index := map[string]int{}
		if out.Entries, err = scanFeedEntries(rows, index); err != nil {
			return err
		}
		return loadFeedChildren(ctx, tx, userID, from, to, out.Entries, index)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func scanFeedEntries(rows *sql.Rows, index map[string]int) ([]linli.FeedEntry, error) {
	defer rows.Close()
	var out []linli.FeedEntry
	for rows.Next() {
		var e linli.FeedEntry
		var changedAt instant
		var stamp string
		var label, building sql.NullString
		var householdUpdated nullInstant
		fs, err := scanFeedSession(rows, &e.Relation.Changes, &changedAt, &stamp, &e.Relation.Staff, &e.Relation.Signup,
			&label, &building, &householdUpdated)
		if err != nil {
			return nil, err
		}
		e.FeedSession, e.Relation.ChangedAt, e.Relation.Stamp = fs, changedAt.Time, parseTime(stamp)
		if label.Valid {
			e.Relation.Household = &linli.FeedHousehold{Label: label.String, Building: building.String, UpdatedAt: householdUpdated.Time}
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	return out, rows.Err()
}

// loadFeedChildren adds to each entry the user's children booked there: each child's latest
// booking, children in order of birth.
func loadFeedChildren(ctx context.Context, tx *sql.Tx, userID, from, to string, entries []linli.FeedEntry, index map[string]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT b.session_id, c.id, c.name, b.status, c.updated_at
		FROM child_guardians g JOIN children c ON c.id = g.child_id JOIN bookings b ON b.child_id = g.child_id
		JOIN sessions s ON s.id = b.session_id
		WHERE g.user_id = ? AND s.ends_at > ? AND s.starts_at < ?
		ORDER BY b.session_id, c.birth_date, c.id, b.created_at, b.id`, userID, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	lastSession, lastChild := "", ""
	for rows.Next() {
		var sessionID, childID string
		var updated instant
		var c linli.FeedChild
		if err := rows.Scan(&sessionID, &childID, &c.Name, &c.Status, &updated); err != nil {
			return err
		}
		c.UpdatedAt = updated.Time
		i, ok := index[sessionID]
		if !ok {
			continue // a booking whose guardian has no entry: made before this user became a guardian
		}
		rel := &entries[i].Relation
		if sessionID == lastSession && childID == lastChild {
			rel.Children[len(rel.Children)-1] = c // a later booking of the same child
			continue
		}
		rel.Children = append(rel.Children, c)
		lastSession, lastChild = sessionID, childID
	}
	return rows.Err()
}

// PublicFeed reads, in one snapshot, the version and name of a public feed and its sessions of
// public kinds in the window.
func (f Feeds) PublicFeed(ctx context.Context, ref linli.FeedRef, w linli.FeedWindow) (*linli.PublicFeed, error) {
	out := &linli.PublicFeed{}
	err := f.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if out.Version, out.ChangedAt, err = feedVersion(ctx, tx, ref); err != nil {
			return err
		}
		var community, title, tz string
		where := `s.community_id = ?`
		if ref.Kind == linli.FeedProgram {
			where = `s.program_id = ?`
			err = tx.QueryRowContext(ctx, `SELECT m.name, m.timezone, p.title FROM programs p JOIN communities m ON m.id = p.community_id
				WHERE p.id = ?`, ref.ID).Scan(&community, &tz, &title)
			out.Name = linli.ProgramFeedName(title, community)
		} else {
			err = tx.QueryRowContext(ctx, `SELECT name, timezone FROM communities WHERE id = ?`, ref.ID).Scan(&community, &tz)
			out.Name = linli.CommunityFeedName(community)
		}
		if err != nil {
			return err
		}
		out.Location = location(tz)
		// Sessions last at most a day, so "ends after From" is a range of starts_at an index serves.
		rows, err := tx.QueryContext(ctx, `SELECT `+feedSessionColumns+feedSessionFrom+` WHERE `+where+`
			AND s.kind IN `+publicKinds+` AND s.starts_at > ? AND s.starts_at < ? AND s.ends_at > ?
			ORDER BY s.starts_at, s.id`,
			ref.ID, fmtTime(w.From.Add(-linli.MaxSessionLength)), fmtTime(w.To), fmtTime(w.From))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			fs, err := scanFeedSession(rows)
			if err != nil {
				return err
			}
			out.Sessions = append(out.Sessions, fs)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FeedSession reads one session the actor may see, with its program's description.
func (f Feeds) FeedSession(ctx context.Context, a *linli.Actor, id string) (*linli.FeedSession, error) {
	s, err := Planning{DB: f.DB}.FindSession(ctx, a, id)
	if err != nil {
		return nil, err
	}
	out := &linli.FeedSession{Session: *s}
	var updated instant
	var stamp string
	err = f.read.QueryRowContext(ctx, `SELECT p.description, p.updated_at, s.feed_stamp FROM sessions s JOIN programs p ON p.id = s.program_id
		WHERE s.id = ?`, s.ID).Scan(&out.Description, &updated, &stamp)
	if err != nil {
		return nil, translate(err)
	}
	out.ProgramUpdatedAt, out.Stamp = updated.Time, parseTime(stamp)
	return out, nil
}
