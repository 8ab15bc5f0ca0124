package storage

import (
	"context"
	"strconv"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// concernRank orders concerns open, in progress, resolved.
const concernRank = `CASE c.status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END`

const concernColumns = `c.id, c.household_id, h.label, b.name, c.session_id, c.category, c.text, c.status, c.raised_at, c.resolved_at,
	m.timezone, ` + concernRank

const concernFrom = ` FROM concerns c JOIN households h ON h.id = c.household_id JOIN buildings b ON b.id = h.building_id
	JOIN communities m ON m.id = c.community_id`

// concernRow is a concern with its place in the order of lists.
type concernRow struct {
	linli.Concern
	rank int
}

func scanConcern(r interface{ Scan(...any) error }) (concernRow, error) {
	var c concernRow
	var raised instant
	var tz string
	var resolved nullInstant
	err := r.Scan(&c.ID, &c.Household.ID, &c.Household.Label, &c.Household.Building, &c.SessionID, &c.Category, &c.Text, &c.Status,
		&raised, &resolved, &tz, &c.rank)
	if err != nil {
		return c, err
	}
	loc := location(tz)
	c.RaisedAt = raised.In(loc)
	if resolved.Valid {
		t := resolved.Time.In(loc)
		c.ResolvedAt = &t
	}
	c.History = []linli.ConcernEvent{}
	return c, nil
}

// findConcerns reads the first limit concerns matching the SQL condition where, in the order of
// lists, with their history.
func findConcerns(ctx context.Context, q querier, where string, limit int, args ...any) ([]linli.Concern, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+concernColumns+concernFrom+` WHERE `+where+` ORDER BY 12, c.raised_at, c.id LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []linli.Concern
	for rows.Next() {
		c, err := scanConcern(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c.Concern)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadConcernHistory(ctx, q, out)
}

// loadConcernHistory fills in the history of concerns, oldest change first.
func loadConcernHistory(ctx context.Context, q querier, cs []linli.Concern) error {
	index := make(map[string]int, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		index[c.ID], ids[i] = i, c.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT e.concern_id, e.at, e.by_id, u.name, e.from_status, e.to_status, e.note
		FROM concern_events e JOIN users u ON u.id = e.by_id WHERE e.concern_id IN (SELECT value FROM json_each(?)) ORDER BY e.id`, jsonList(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var at instant
		var e linli.ConcernEvent
		if err := rows.Scan(&id, &at, &e.By.ID, &e.By.Name, &e.From, &e.To, &e.Note); err != nil {
			return err
		}
		c := &cs[index[id]]
		e.At = at.In(c.RaisedAt.Location())
		c.History = append(c.History, e)
	}
	return rows.Err()
}

// FindConcerns lists a community's concerns, open first, then in progress, then resolved, each
// oldest first: all of them to its coordinators, those of the households they are assigned to
// to its other members, 404 to anyone else.
func (s Volunteers) FindConcerns(ctx context.Context, a *linli.Actor, communityID string, f linli.ConcernFilter) ([]linli.Concern, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadWork, linli.ObjCommunity, communityID); err != nil {
		return nil, "", err
	}
	c, err := Communities(s).FindCommunity(ctx, communityID)
	if err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(f.Page)
	if err != nil {
		return nil, "", err
	}
	where, args := []string{`c.community_id = ?`}, []any{c.ID}
	add := func(cond string, vs ...any) { where, args = append(where, cond), append(args, vs...) }
	if !a.IsCoordinatorOf(c.ID) {
		add(`EXISTS (SELECT 1 FROM visit_plans v JOIN programs p ON p.id = v.program_id JOIN program_staff x ON x.program_id = p.id
			WHERE v.household_id = c.household_id AND p.status = 'active' AND x.user_id = ?)`, a.UserID())
	}
	if f.Status != "" {
		add(`c.status = ?`, f.Status)
	}
	if after != "" {
		parts := strings.SplitN(after, "|", 3)
		rank, err := strconv.Atoi(parts[0])
		if len(parts) != 3 || err != nil || !validID(parts[2]) {
			return nil, "", linli.Invalid("cursor", "not a cursor this server gave out")
		}
		add(`(`+concernRank+` > ? OR `+concernRank+` = ? AND (c.raised_at > ? OR c.raised_at = ? AND c.id > ?))`, rank, rank, parts[1], parts[1], parts[2])
	}
	found, err := findConcerns(ctx, s.read, strings.Join(where, " AND "), limit+1, args...)
	if err != nil {
		return nil, "", translate(err)
	}
	return trimPage(found, limit, func(c linli.Concern) string {
		return strconv.Itoa(statusRank(c.Status)) + "|" + fmtTime(c.RaisedAt) + "|" + c.ID
	})
}

func statusRank(status string) int {
	switch status {
	case linli.ConcernOpen:
		return 0
	case linli.ConcernInProgress:
		return 1
	}
	return 2
}

// UpdateConcern moves a concern or adds a note, by the rules of linli.ConcernChange.Move, and
// records who, when and the note in its history. The audit entry holds the statuses only.
func (s Volunteers) UpdateConcern(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.ConcernChange]) (*linli.Concern, error) {
	var out *linli.Concern
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActChangeConcern, linli.ObjConcern, id); err != nil {
			return err
		}
		ch, err := body()
		if err != nil {
			return err
		}
		var from, community string
		if err := tx.QueryRowContext(ctx, `SELECT status, community_id FROM concerns WHERE id = ?`, id).Scan(&from, &community); err != nil {
			return err
		}
		to, note, err := ch.Move(from, a.IsCoordinatorOf(community))
		if err != nil {
			return err
		}
		if to != from {
			var resolved any
			if to == linli.ConcernResolved {
				resolved = fmtTime(tx.Now)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE concerns SET status = ?, resolved_at = ?, updated_at = ? WHERE id = ?`,
				to, resolved, fmtTime(tx.Now), id); err != nil {
				return err
			}
			if to == linli.ConcernResolved {
				if err := notifyConcernResolved(ctx, tx, a, id); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO concern_events (concern_id, at, by_id, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)`,
			id, fmtTime(tx.Now), a.UserID(), from, to, note); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, community, "concern.update", "concern", id, map[string]string{"from": from, "to": to}); err != nil {
			return err
		}
		cs, err := findConcerns(ctx, tx, `c.id = ?`, 1, id)
		if err == nil {
			out = &cs[0]
		}
		return err
	})
	return out, err
}
