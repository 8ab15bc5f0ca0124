package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Rounds implements linli.RoundService: application rounds (报名摇号).
type Rounds struct{ *DB }

var _ linli.RoundService = Rounds{}

// roundRow is a round as stored, with its community's zone and its secret seed.
type roundRow struct {
	linli.Round
	groups     []linli.RoundGroupIn
	serverSeed string
	loc        *time.Location
}

const roundColumns = `r.id, r.community_id, r.title, r.opens_at, r.closes_at, r.draw_at, r.open_after_draw_at, r.entropy_source,
	r.max_wishes, r.max_places_per_child, r.priority_groups, r.closed_at, r.server_seed, r.commitment, r.applications_digest,
	r.programs_digest, r.public_entropy, r.draw_seed, r.drawn_at, r.created_at, r.updated_at, m.timezone,
	(SELECT COUNT(*) FROM round_applications ra WHERE ra.round_id = r.id)`

const roundFrom = ` FROM rounds r JOIN communities m ON m.id = r.community_id`

func scanRound(r interface{ Scan(...any) error }) (*roundRow, error) {
	x := &roundRow{}
	var opens, closes, created, updated instant
	var drawAt, openAfter, closed, drawn nullInstant
	var groups, tz string
	var seed, commitment, appDigest, progDigest, entropy, drawSeed sql.NullString
	err := r.Scan(&x.ID, &x.CommunityID, &x.Title, &opens, &closes, &drawAt, &openAfter, &x.EntropySource,
		&x.MaxWishes, &x.MaxPlacesPerChild, &groups, &closed, &seed, &commitment, &appDigest,
		&progDigest, &entropy, &drawSeed, &drawn, &created, &updated, &tz, &x.Applications)
	if err != nil {
		return nil, err
	}
	x.loc = location(tz)
	at := func(n nullInstant) *time.Time {
		if !n.Valid {
			return nil
		}
		t := n.Time.In(x.loc)
		return &t
	}
	x.OpensAt, x.ClosesAt, x.CreatedAt, x.UpdatedAt = opens.In(x.loc), closes.In(x.loc), created.In(x.loc), updated.In(x.loc)
	x.DrawAt, x.OpenAfterDrawAt, x.ClosedAt, x.DrawnAt = at(drawAt), at(openAfter), at(closed), at(drawn)
	if err := json.Unmarshal([]byte(groups), &x.groups); err != nil {
		return nil, err
	}
	x.serverSeed, x.Commitment, x.DrawSeed = seed.String, commitment.String, drawSeed.String
	if appDigest.Valid {
		x.ApplicationsDigest, x.ProgramsDigest = &appDigest.String, &progDigest.String
	}
	if entropy.Valid {
		x.PublicEntropy = &entropy.String
	}
	return x, nil
}

// readRound reads a round with its programs; a missing one is 404. lock takes its row first on
// PostgreSQL.
func readRound(ctx context.Context, q querier, id string) (*roundRow, error) {
	if !validID(id) {
		return nil, linli.NotFound("round")
	}
	x, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundColumns+roundFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("round")
	}
	if err != nil {
		return nil, translate(err)
	}
	if x.ProgramIDs, err = queryStrings(ctx, q, `SELECT program_id FROM round_programs WHERE round_id = ? ORDER BY program_id`, id); err != nil {
		return nil, err
	}
	return x, nil
}

// lockRound is readRound in a write transaction, the round's row taken first.
func lockRound(ctx context.Context, tx *Tx, id string) (*roundRow, error) {
	if validID(id) {
		if err := tx.lock(ctx, "rounds", id); err != nil {
			return nil, err
		}
	}
	return readRound(ctx, tx, id)
}

// view is the round as a answers it at now: its status, the labels of its priority groups for
// the community's coordinators only, and the server seed once drawn.
func (x *roundRow) view(a *linli.Actor, now time.Time) *linli.Round {
	r := x.Round
	r.Status = linli.RoundStatus(x.OpensAt, x.ClosedAt, x.DrawnAt, now)
	r.PriorityGroups = make([]linli.RoundPriorityGroup, len(x.groups))
	for i, g := range x.groups {
		r.PriorityGroups[i] = linli.RoundPriorityGroup{Rank: i}
		if a.IsCoordinatorOf(x.CommunityID) {
			r.PriorityGroups[i].Key, r.PriorityGroups[i].Label = g.Key, g.Label
		}
	}
	if x.DrawnAt != nil {
		r.ServerSeed = x.serverSeed
	}
	if r.ProgramIDs == nil {
		r.ProgramIDs = []string{}
	}
	return &r
}

// spec is the round's settings as a RoundChange applies to them.
func (x *roundRow) spec() linli.RoundSpec {
	return linli.RoundSpec{Title: x.Title, ProgramIDs: x.ProgramIDs, OpensAt: x.OpensAt, ClosesAt: x.ClosesAt, DrawAt: x.DrawAt,
		OpenAfterDrawAt: x.OpenAfterDrawAt, EntropySource: x.EntropySource, MaxWishes: x.MaxWishes, MaxPlaces: x.MaxPlacesPerChild, Groups: x.groups}
}

// manage authorises a to run rounds of the community (linli.ActManageRound).
func manage(ctx context.Context, q querier, a *linli.Actor, communityID string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	if _, err := findCommunity(ctx, q, communityID); err != nil {
		return err
	}
	return linli.Authorize(a, linli.ActManageRound, linli.Object{Kind: linli.ObjRound, CommunityID: communityID})
}

// CreateRound creates a round of the community's programs.
func (s Rounds) CreateRound(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.RoundChange]) (*linli.Round, error) {
	var out *linli.Round
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := manage(ctx, tx, a, communityID); err != nil {
			return err
		}
		c, err := in()
		if err != nil {
			return err
		}
		spec, err := c.Apply(linli.RoundSpec{}, true, tx.Now)
		if err != nil {
			return err
		}
		id := newID()
		if err := writeRound(ctx, tx, id, communityID, spec, true); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, communityID, "round.create", "round", id, map[string]any{"title": spec.Title, "programs": len(spec.ProgramIDs)}); err != nil {
			return err
		}
		x, err := readRound(ctx, tx, id)
		if err == nil {
			out = x.view(a, tx.Now)
		}
		return err
	})
	return out, err
}

// writeRound inserts or updates a round's row and replaces its programs, after checking that each
// program is one of the community's that a round may take.
func writeRound(ctx context.Context, tx *Tx, id, communityID string, spec linli.RoundSpec, insert bool) error {
	for i, pid := range spec.ProgramIDs {
		field := fmt.Sprintf("program_ids[%d]", i)
		var f linli.RoundProgramFacts
		var other sql.NullString
		err := sql.ErrNoRows
		if validID(pid) {
			err = tx.QueryRowContext(ctx, `SELECT p.kind, p.waitlist, (SELECT MIN(rp.round_id) FROM round_programs rp JOIN rounds o ON o.id = rp.round_id
				WHERE rp.program_id = p.id AND o.drawn_at IS NULL AND o.id <> ?) FROM programs p WHERE p.id = ? AND p.community_id = ?`,
				id, pid, communityID).Scan(&f.Kind, &f.Waitlist, &other)
		}
		if errors.Is(err, sql.ErrNoRows) {
			return linli.Invalid(field, "no program of this community has this id")
		}
		if err != nil {
			return err
		}
		f.InRound = other.String
		if err := linli.CheckRoundProgram(f, field); err != nil {
			return err
		}
	}
	groups, err := json.Marshal(spec.Groups)
	if err != nil {
		return err
	}
	if spec.Groups == nil {
		groups = []byte("[]")
	}
	now := fmtTime(tx.Now)
	opt := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return fmtTime(*t)
	}
	if insert {
		_, err = tx.ExecContext(ctx, `INSERT INTO rounds (id, community_id, title, opens_at, closes_at, draw_at, open_after_draw_at, entropy_source,
			max_wishes, max_places_per_child, priority_groups, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, communityID, spec.Title, fmtTime(spec.OpensAt), fmtTime(spec.ClosesAt), opt(spec.DrawAt), opt(spec.OpenAfterDrawAt), spec.EntropySource,
			spec.MaxWishes, spec.MaxPlaces, string(groups), now, now)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE rounds SET title = ?, opens_at = ?, closes_at = ?, draw_at = ?, open_after_draw_at = ?, entropy_source = ?,
			max_wishes = ?, max_places_per_child = ?, priority_groups = ?, updated_at = ? WHERE id = ?`,
			spec.Title, fmtTime(spec.OpensAt), fmtTime(spec.ClosesAt), opt(spec.DrawAt), opt(spec.OpenAfterDrawAt), spec.EntropySource,
			spec.MaxWishes, spec.MaxPlaces, string(groups), now, id)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM round_programs WHERE round_id = ?`, id); err != nil {
		return err
	}
	for _, pid := range spec.ProgramIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_programs (round_id, program_id) VALUES (?, ?)`, id, pid); err != nil {
			return err
		}
	}
	return nil
}

// FindRounds lists the rounds (of one community, when the filter names it) by id, which is
// creation order; rounds are public.
func (s Rounds) FindRounds(ctx context.Context, a *linli.Actor, f linli.RoundFilter) ([]linli.Round, string, error) {
	if f.CommunityID != "" && !validID(f.CommunityID) {
		return nil, "", linli.Invalid("community_id", "community_id must be a community's id")
	}
	now := s.Now()
	rows, next, err := listPage(ctx, s.read, f.Page, `SELECT `+roundColumns+roundFrom+`
		WHERE (? = '' OR r.community_id = ?) AND r.id > ? ORDER BY r.id LIMIT ?`,
		func(rows *sql.Rows) (*roundRow, error) { return scanRound(rows) },
		func(x *roundRow) string { return x.ID }, f.CommunityID, f.CommunityID)
	if err != nil {
		return nil, "", err
	}
	out := make([]linli.Round, len(rows))
	for i, x := range rows {
		if x.ProgramIDs, err = queryStrings(ctx, s.read, `SELECT program_id FROM round_programs WHERE round_id = ? ORDER BY program_id`, x.ID); err != nil {
			return nil, "", err
		}
		out[i] = *x.view(a, now)
	}
	return out, next, nil
}

// FindRound answers one round; rounds are public.
func (s Rounds) FindRound(ctx context.Context, a *linli.Actor, id string) (*linli.Round, error) {
	x, err := readRound(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	return x.view(a, s.Now()), nil
}

// UpdateRound changes a round before it opens.
func (s Rounds) UpdateRound(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.RoundChange]) (*linli.Round, error) {
	var out *linli.Round
	err := s.inTx(ctx, func(tx *Tx) error {
		x, err := s.draft(ctx, tx, a, id)
		if err != nil {
			return err
		}
		c, err := in()
		if err != nil {
			return err
		}
		if err := checkDraft(x, tx.Now); err != nil {
			return err
		}
		spec, err := c.Apply(x.spec(), false, tx.Now)
		if err != nil {
			return err
		}
		if err := writeRound(ctx, tx, id, x.CommunityID, spec, false); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, x.CommunityID, "round.update", "round", id, nil); err != nil {
			return err
		}
		if x, err = readRound(ctx, tx, id); err == nil {
			out = x.view(a, tx.Now)
		}
		return err
	})
	return out, err
}

// draft reads a round a may manage, for a change.
func (s Rounds) draft(ctx context.Context, tx *Tx, a *linli.Actor, id string) (*roundRow, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	x, err := lockRound(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return x, linli.Authorize(a, linli.ActManageRound, linli.Object{Kind: linli.ObjRound, CommunityID: x.CommunityID})
}

// checkDraft answers 409 conflict unless the round has not opened yet.
func checkDraft(x *roundRow, now time.Time) error {
	if linli.RoundStatus(x.OpensAt, x.ClosedAt, x.DrawnAt, now) != linli.RoundDraft {
		return linli.Errorf(linli.EConflict, "the round has opened: it can no longer be changed or deleted")
	}
	return nil
}

// DeleteRound deletes a round before it opens, with its applications.
func (s Rounds) DeleteRound(ctx context.Context, a *linli.Actor, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		x, err := s.draft(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := checkDraft(x, tx.Now); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM round_wishes WHERE application_id IN (SELECT id FROM round_applications WHERE round_id = ?)`,
			`DELETE FROM round_application_children WHERE round_id = ?`, `DELETE FROM round_applications WHERE round_id = ?`,
			`DELETE FROM round_programs WHERE round_id = ?`, `DELETE FROM rounds WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, x.CommunityID, "round.delete", "round", id, map[string]any{"title": x.Title})
	})
}
