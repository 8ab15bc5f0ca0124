package storage

import (
	"context"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// FindApplications lists the actor's own applications in the round (those holding a child they
// guard), or all of them, with the children's given names, to the community's coordinators.
func (s Rounds) FindApplications(ctx context.Context, a *linli.Actor, roundID string, p linli.Page) ([]linli.RoundApplicationView, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	x, err := readRound(ctx, s.read, roundID)
	if err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(p)
	if err != nil {
		return nil, "", err
	}
	all := a.IsCoordinatorOf(x.CommunityID)
	where := `a.id IN (SELECT p.id FROM round_applications p WHERE p.round_id = ? AND p.id > ? ORDER BY p.id LIMIT ?)`
	args := []any{x.ID, after, limit + 1}
	if !all {
		where = `a.id > ? AND EXISTS (SELECT 1 FROM round_application_children c JOIN child_guardians g ON g.child_id = c.child_id
			WHERE c.application_id = a.id AND g.user_id = ?)`
		args = []any{after, a.UserID()}
	}
	views, err := applicationViews(ctx, s.read, x, where, args...)
	if err != nil {
		return nil, "", err
	}
	if all {
		if err := givenNames(ctx, s.read, views); err != nil {
			return nil, "", err
		}
	} else {
		for i := range views {
			views[i].PriorityGroup = nil
		}
	}
	return trimPage(views, limit, func(v linli.RoundApplicationView) string { return v.ID })
}

// givenNames adds the children's given names to the applications, in the order of their ids.
func givenNames(ctx context.Context, q querier, views []linli.RoundApplicationView) error {
	for i := range views {
		for _, id := range views[i].ChildIDs {
			var name string
			if err := q.QueryRowContext(ctx, `SELECT name FROM children WHERE id = ?`, id).Scan(&name); err != nil {
				return err
			}
			views[i].ChildNames = append(views[i].ChildNames, linli.GivenName(name))
		}
	}
	return nil
}

// application reads one application of round x, for a change.
func application(ctx context.Context, tx *Tx, x *roundRow, id string) (*linli.RoundApplicationView, error) {
	if !validID(id) {
		return nil, linli.NotFound("application")
	}
	views, err := applicationViews(ctx, tx, x, `a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(views) == 0 {
		return nil, linli.NotFound("application")
	}
	return &views[0], nil
}

// Withdraw removes an application while the round is open; only a guardian of its children may.
func (s Rounds) Withdraw(ctx context.Context, a *linli.Actor, roundID, applicationID string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		x, err := lockRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		v, err := application(ctx, tx, x, applicationID)
		absent := err != nil
		if absent && linli.ErrorCode(err) != linli.ENotFound {
			return err
		}
		mine := false
		if !absent {
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM round_application_children c JOIN child_guardians g ON g.child_id = c.child_id
				WHERE c.application_id = ? AND g.user_id = ?)`, v.ID, a.UserID()).Scan(&mine); err != nil {
				return err
			}
		}
		obj := linli.Object{Kind: linli.ObjApplication, Absent: absent, CommunityID: x.CommunityID, GuardianIDs: guardedBy(a, mine)}
		if err := linli.Authorize(a, linli.ActWithdrawApplication, obj); err != nil {
			return err
		}
		if !linli.AcceptsApplications(x.OpensAt, x.ClosesAt, x.ClosedAt, tx.Now) {
			return linli.Errorf(linli.ERoundClosed, "applications can be withdrawn only while the round is open")
		}
		return deleteApplication(ctx, tx, v.ID)
	})
}

// SetPriority puts an application in one of the round's priority groups, or in none, while the
// round is open; the change is audited (without the group's reason, which is the label).
func (s Rounds) SetPriority(ctx context.Context, a *linli.Actor, roundID, applicationID string, in linli.Input[linli.PriorityBody]) (*linli.RoundApplicationView, error) {
	var out *linli.RoundApplicationView
	err := s.inTx(ctx, func(tx *Tx) error {
		x, err := s.draft(ctx, tx, a, roundID)
		if err != nil {
			return err
		}
		v, err := application(ctx, tx, x, applicationID)
		if err != nil {
			return err
		}
		b, err := in()
		if err != nil {
			return err
		}
		if b.GroupKey != nil && !slices.ContainsFunc(x.groups, func(g linli.RoundGroupIn) bool { return g.Key == *b.GroupKey }) {
			return linli.Invalid("group_key", "group_key must be the key of one of the round's priority groups, or null")
		}
		if !linli.AcceptsApplications(x.OpensAt, x.ClosesAt, x.ClosedAt, tx.Now) {
			return linli.Errorf(linli.ERoundClosed, "priorities can be set only while the round is open")
		}
		var key any
		if b.GroupKey != nil {
			key = *b.GroupKey
		}
		if _, err := tx.ExecContext(ctx, `UPDATE round_applications SET priority_group = ?, updated_at = ? WHERE id = ?`, key, fmtTime(tx.Now), v.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, x.CommunityID, "round.priority", "application", v.ID, map[string]any{"round_id": x.ID, "from": v.PriorityGroup, "to": b.GroupKey}); err != nil {
			return err
		}
		if v, err = application(ctx, tx, x, v.ID); err == nil {
			views := []linli.RoundApplicationView{*v}
			err, out = givenNames(ctx, tx, views), &views[0]
		}
		return err
	})
	return out, err
}
