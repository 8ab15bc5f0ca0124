package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// The public events that chat robots post, written by the storage paths that make them, in their
// transactions. Only programs of public kinds are posted: never a neighbour visit, whose sessions
// name a household.

// robotProgramPublished posts a program just created with its sessions: its title, the dates
// and times of its first and last sessions, its venue and the link to its first session's page.
func robotProgramPublished(ctx context.Context, tx *Tx, p *linli.Program, loc string) error {
	if !linli.CanSeeKind(p.Kind) {
		return nil
	}
	if robots, err := subscribedRobots(ctx, tx, p.CommunityID, linli.ChatProgramPublished); err != nil || len(robots) == 0 {
		return err // no robot to tell: the sessions need not be read
	}
	ev := linli.ChatEvent{Kind: linli.ChatProgramPublished, Title: p.Title, ProgramKind: p.Kind, Timezone: loc}
	var start, end, last instant
	var first string
	var venue sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT s.id, s.starts_at, s.ends_at, v.name FROM sessions s LEFT JOIN venues v ON v.id = s.venue_id
		WHERE s.program_id = ? AND s.status = 'scheduled' ORDER BY s.starts_at, s.id LIMIT 1`, p.ID).Scan(&first, &start, &end, &venue)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // nothing planned: nothing to tell a group yet
	}
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*), MAX(starts_at) FROM sessions WHERE program_id = ? AND status = 'scheduled'`,
		p.ID).Scan(&ev.Sessions, &last)
	if err != nil {
		return err
	}
	ev.StartsAt, ev.EndsAt, ev.Venue, ev.Link = start.Time, end.Time, venue.String, "/#/sessions/"+first
	ev.LastDate = linli.DateOf(last.Time, location(loc)).String()
	return enqueueChatRobotPosts(ctx, tx, p.CommunityID, ev, p.ID)
}

// robotSessionChanged posts a cancellation or a move of a public session, from the notice d its
// people get (what it names besides the session, a child or a household, is left out). The
// sessions of one program that one change cancels or moves fold into one post.
func robotSessionChanged(ctx context.Context, tx *Tx, kind string, s *linli.Session, d linli.NoticeData) error {
	if !linli.CanSeeKind(s.Kind) {
		return nil
	}
	ev := linli.ChatEvent{Kind: kind, Title: s.Title, ProgramKind: s.Kind, Timezone: d.Timezone, StartsAt: d.StartsAt, EndsAt: d.EndsAt,
		OldStartsAt: d.OldStartsAt, OldEndsAt: d.OldEndsAt, Venue: d.Venue, Reason: d.Reason, Link: "/#/sessions/" + s.ID}
	key := s.ProgramID
	if key == "" {
		key = s.ID
	}
	return enqueueChatRobotPosts(ctx, tx, s.CommunityID, ev, key)
}
