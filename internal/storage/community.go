package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Communities implements linli.CommunityService.
type Communities struct{ *DB }

var _ linli.CommunityService = Communities{}

const communityColumns = `id, name, district, city, timezone, calendar_id, lesson_minutes, COALESCE(region_id, ''), created_at`

func scanCommunity(row interface{ Scan(...any) error }) (*linli.Community, error) {
	var c linli.Community
	var created instant
	if err := row.Scan(&c.ID, &c.Name, &c.District, &c.City, &c.Timezone, &c.CalendarID, &c.LessonMinutes, &c.RegionID, &created); err != nil {
		return nil, err
	}
	c.CreatedAt = created.Time
	return &c, nil
}

// CreateCommunity creates a community; administrators only.
func (s Communities) CreateCommunity(ctx context.Context, a *linli.Actor, body linli.Input[linli.CommunityChange]) (*linli.Community, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, err
	}
	ch, err := body()
	if err != nil {
		return nil, err
	}
	c := &linli.Community{ID: newID(), Timezone: linli.DefaultTimezone, CalendarID: linli.DefaultCalendarID, LessonMinutes: linli.DefaultLessonMinutes}
	if err := ch.Apply(c); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		if err := checkCalendar(ctx, tx, c.CalendarID); err != nil {
			return err
		}
		c.CreatedAt = tx.Now
		_, err := tx.ExecContext(ctx, `INSERT INTO communities (id, name, district, city, timezone, calendar_id, lesson_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Name, c.District, c.City, c.Timezone, c.CalendarID, c.LessonMinutes, fmtTime(tx.Now), fmtTime(tx.Now))
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, c.ID, "community.create", "community", c.ID, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// checkCalendar reads whether the day calendar id exists and asks linli.CheckCalendarExists.
func checkCalendar(ctx context.Context, tx *Tx, id string) error {
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM calendars WHERE id = ?)`, id).Scan(&exists); err != nil {
		return err
	}
	return linli.CheckCalendarExists("calendar_id", id, exists)
}

// FindCommunities lists communities; everyone may read them.
func (s Communities) FindCommunities(ctx context.Context, p linli.Page) ([]linli.Community, string, error) {
	return listPage(ctx, s.read, p, `SELECT `+communityColumns+` FROM communities WHERE id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (linli.Community, error) { c, err := scanCommunity(r); return deref(c), err },
		func(c linli.Community) string { return c.ID })
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// trimPage cuts a limit+1 result to limit items and returns the next cursor.
func trimPage[T any](items []T, limit int, key func(T) string) ([]T, string, error) {
	if items == nil {
		items = []T{}
	}
	if len(items) <= limit {
		return items, "", nil
	}
	return items[:limit], cursorAfter(len(items), limit, key(items[limit-1])), nil
}

// FindCommunity returns one community.
func (s Communities) FindCommunity(ctx context.Context, id string) (*linli.Community, error) {
	return findCommunity(ctx, s.read, id)
}

// findCommunity reads one community through q, or 404.
func findCommunity(ctx context.Context, q querier, id string) (*linli.Community, error) {
	if !validID(id) {
		return nil, linli.NotFound("community")
	}
	c, err := scanCommunity(q.QueryRowContext(ctx, `SELECT `+communityColumns+` FROM communities WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("community")
	}
	return c, translate(err)
}

// UpdateCommunity changes a community; its coordinators and administrators may.
func (s Communities) UpdateCommunity(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.CommunityChange]) (*linli.Community, error) {
	var c *linli.Community
	err := s.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := authorize(ctx, tx, a, linli.ActEditCommunity, linli.ObjCommunity, id); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		if c, err = findCommunity(ctx, tx, id); err != nil {
			return err
		}
		old := *c
		if err := ch.Apply(c); err != nil {
			return err
		}
		if err := checkCalendar(ctx, tx, c.CalendarID); err != nil {
			return err
		}
		var hasPrograms bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM programs WHERE community_id = ?)`, c.ID).Scan(&hasPrograms); err != nil {
			return err
		}
		if err := linli.CheckTimezoneChange(&old, c, hasPrograms); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE communities SET name = ?, district = ?, city = ?, timezone = ?, calendar_id = ?, lesson_minutes = ?, updated_at = ? WHERE id = ?`,
			c.Name, c.District, c.City, c.Timezone, c.CalendarID, c.LessonMinutes, fmtTime(tx.Now), c.ID)
		if err != nil {
			return err
		}
		if ch.RegionID != nil {
			if err := placeCommunity(ctx, tx, a, c, *ch.RegionID); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, a, c.ID, "community.update", "community", c.ID, ch); err != nil {
			return err
		}
		if c.CalendarID != old.CalendarID {
			_, err = replanCalendar(ctx, tx, a, c.CalendarID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Memberships lists a user's roles.
func (s Communities) Memberships(ctx context.Context, userID string) ([]linli.Membership, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT community_id, role, teacher_type FROM memberships WHERE user_id = ? ORDER BY community_id, role`, userID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []linli.Membership{}
	for rows.Next() {
		var m linli.Membership
		if err := rows.Scan(&m.CommunityID, &m.Role, &m.TeacherType); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
