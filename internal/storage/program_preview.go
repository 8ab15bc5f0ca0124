package storage

import (
	"context"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// errDryRun rolls back the transaction of a preview after the real re-plan ran in it.
var errDryRun = errors.New("sqlite: dry run")

// PreviewProgram runs the change of a program exactly as UpdateProgram would (the same checks,
// clashes and re-plan) in a transaction that is rolled back, and answers what it did: nothing is
// written, no one is notified.
func (s Planning) PreviewProgram(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.ProgramChange]) (*linli.ProgramPreview, error) {
	out := &linli.ProgramPreview{}
	err := s.inTx(ctx, func(tx *Tx) error {
		*out = linli.ProgramPreview{}
		if _, err := authorize(ctx, tx, a, linli.ActEditProgram, linli.ObjProgram, id); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		res, err := s.updateProgramTx(ctx, tx, a, id, ch, &out.Preview)
		if err != nil {
			return err
		}
		out.Program, out.Warnings = res.Program, res.Warnings
		return errDryRun
	})
	if !errors.Is(err, errDryRun) {
		return nil, err
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	return out, nil
}

// countPreview counts what diff does: sessions added (new, or back on a date that returned),
// moved and cancelled, and the active bookings and families on the moved and cancelled ones.
func countPreview(ctx context.Context, tx *Tx, diff linli.PlanDiff, out *linli.PreviewCounts) error {
	out.SessionsAdded, out.SessionsCancelled = len(diff.Add), len(diff.Cancel)
	var touched []string
	for _, s := range diff.Cancel {
		touched = append(touched, s.ID)
	}
	for i := range diff.Update {
		s := &diff.Update[i]
		switch {
		case s.Changed("status") && s.Status == linli.SessionScheduled:
			out.SessionsAdded++
		case s.Changed("time"):
			out.SessionsMoved++
			touched = append(touched, s.ID)
		}
	}
	if len(touched) == 0 {
		return nil
	}
	// A family is the children who share a guardian: each child goes under its first guardian.
	return tx.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT (SELECT MIN(g.user_id) FROM child_guardians g WHERE g.child_id = b.child_id))
		FROM bookings b WHERE b.session_id IN (SELECT value FROM json_each(?)) AND b.status IN ('confirmed', 'waitlisted')`,
		jsonList(touched)).Scan(&out.BookingsAffected, &out.FamiliesAffected)
}
